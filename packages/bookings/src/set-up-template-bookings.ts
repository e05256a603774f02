import type { Actor } from '@flectar/accounts'
import { bookingResources, bookingServiceResources, bookingServices, type DbOrTx } from '@flectar/db'
import { majorToMinor } from '@flectar/money'
import { auditProjectChange, type TemplateBookings } from '@flectar/sites'

export interface TemplateBookingsProject {
  id: string
  orgId: string
  timeZone: string
  currency: string
}

/**
 * A new site from a template with bookings is ready to book: one resource (the owner, named
 * `ownerName`, working the template's opening hours in the site's zone) delivering every
 * service of the template, priced in the site's currency. Runs inside `createProject`'s
 * transaction (its `setUpBookings`), each row audited as the admin's own changes are.
 */
export async function setUpTemplateBookings(tx: DbOrTx, project: TemplateBookingsProject, bookings: TemplateBookings, ownerName: string, actor: Actor): Promise<void> {
  const scope = { orgId: project.orgId, projectId: project.id }
  const [owner] = await tx.insert(bookingResources).values({
    ...scope,
    name: ownerName,
    kind: 'staff',
    timeZone: project.timeZone,
    weeklyHours: bookings.hours.map(({ weekday, start, end }) => ({ weekday, start, end })),
  }).returning({ id: bookingResources.id, name: bookingResources.name })
  await auditProjectChange(tx, actor, scope, { action: 'booking_resource.created', targetType: 'booking_resource', targetId: owner!.id, metadata: { name: owner!.name } })
  const services = await tx.insert(bookingServices).values(bookings.services.map((service, position) => ({
    ...scope,
    name: service.name,
    description: service.description ?? '',
    durationMinutes: service.durationMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    priceAmount: majorToMinor(service.price, project.currency),
    currency: project.currency,
    position,
  }))).returning({ id: bookingServices.id, name: bookingServices.name })
  await tx.insert(bookingServiceResources).values(services.map(service => ({ serviceId: service.id, resourceId: owner!.id, projectId: project.id })))
  for (const service of services) {
    await auditProjectChange(tx, actor, scope, { action: 'booking_service.created', targetType: 'booking_service', targetId: service.id, metadata: { name: service.name } })
  }
}
