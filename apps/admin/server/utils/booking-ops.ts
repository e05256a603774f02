import type { H3Event } from 'h3'
import type { Role } from '@flectar/accounts'
import { loadProject } from '@flectar/bookings'
import { NotFoundError } from '@flectar/errors'

/**
 * `requireProjectAccess` plus the project the booking functions take (its time zone, slug).
 * Those functions filter by project, not org, so another org's project must stop here: 404.
 */
export async function requireBookingOpsProject(event: H3Event, minimum: Role) {
  const access = await requireProjectAccess(event, minimum)
  const { db } = useDatabase()
  const project = isUuidParam(access.scope.projectId) ? await loadProject(db, { id: access.scope.projectId }) : undefined
  if (!project || project.orgId !== access.scope.orgId) throw new NotFoundError('Project not found.')
  return { ...access, db, project }
}

/** A booking or customer id from the route; anything but a UUID is simply not found. */
export function requireIdParam(event: H3Event, name: 'bookingId' | 'customerId'): string {
  const id = getRouterParam(event, name)
  if (!isUuidParam(id)) throw new NotFoundError(name === 'bookingId' ? 'Booking not found.' : 'Customer not found.')
  return id
}
