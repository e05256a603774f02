import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import { bookings, bookingServices, type DbOrTx } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { requireProject, type Project } from '@flectar/sites'
import { formatInZone } from '@flectar/time'
import type { BookingEnv, BookingRow } from './booking-env'
import { changeBookingStatus } from './change-booking-status'
import { verifyManageToken } from './manage-token'
import { moveBooking } from './move-booking'
import type { cancelSchema, rescheduleSchema } from './schemas'

/** What the manage page may show: this booking only, no other customer's data (P23). */
export function publicBooking(booking: BookingRow, project: Project, policyEndsAt: Date | null) {
  return {
    id: booking.id,
    status: booking.status,
    serviceId: booking.serviceId,
    serviceName: booking.serviceName,
    start: formatInZone(booking.startsAt, booking.timeZone),
    end: formatInZone(booking.endsAt, booking.timeZone),
    timeZone: booking.timeZone,
    extras: booking.extras.map(extra => ({ id: extra.id, name: extra.name })),
    price: { amount: booking.priceAmount - booking.discountAmount, currency: booking.currency },
    project: { name: project.name, slug: project.slug },
    /** Until when the customer can still cancel or reschedule online (null: not any more). */
    changeableUntil: policyEndsAt ? policyEndsAt.toISOString() : null,
  }
}

/** The booking a manage token opens, in the project it belongs to; 404 for anything else. */
export async function openManagedBooking(db: DbOrTx, token: string, secret: string, projectSlug?: string) {
  const bookingId = verifyManageToken(secret, token)
  if (!bookingId) throw new NotFoundError('This link is not valid. Check the latest email about your booking.', 'booking_not_found')
  const [booking] = await db.select().from(bookings).where(eq(bookings.id, bookingId))
  if (!booking) throw new NotFoundError('This link is not valid. Check the latest email about your booking.', 'booking_not_found')
  const project = await requireProject(db, { orgId: booking.orgId, projectId: booking.projectId })
  if (projectSlug && project.slug !== projectSlug) throw new NotFoundError('This link is not valid. Check the latest email about your booking.', 'booking_not_found')
  return { booking, project, policyEndsAt: await policyEnd(db, booking) }
}

/** Customers may change a booking until the service's cancellation window before its start. */
async function policyEnd(db: DbOrTx, booking: BookingRow): Promise<Date | null> {
  if (!['pending', 'pending_payment', 'confirmed'].includes(booking.status)) return null
  const [service] = booking.serviceId ? await db.select({ hours: bookingServices.cancellationWindowHours }).from(bookingServices).where(eq(bookingServices.id, booking.serviceId)) : []
  const hours = service?.hours ?? 24
  return new Date(booking.startsAt.getTime() - hours * 3_600_000)
}

function assertWithinPolicy(policyEndsAt: Date | null, now: Date) {
  if (!policyEndsAt) throw new ConflictError('This booking can no longer be changed.', 'booking_not_active')
  if (now > policyEndsAt) throw new ConflictError('It is too late to change this booking online; please contact the business.', 'outside_policy_window')
}

export async function cancelByToken(db: DbOrTx, token: string, input: z.output<typeof cancelSchema>, env: BookingEnv, projectSlug?: string) {
  const { booking, project, policyEndsAt } = await openManagedBooking(db, token, env.secret, projectSlug)
  assertWithinPolicy(policyEndsAt, env.now ?? new Date())
  const cancelled = await changeBookingStatus(db, project, booking.id, 'cancel', env, { reason: input.reason || 'Cancelled by the customer', by: 'customer' })
  return publicBooking(cancelled, project, null)
}

export async function rescheduleByToken(db: DbOrTx, token: string, input: z.output<typeof rescheduleSchema>, env: BookingEnv, projectSlug?: string) {
  const { booking, project, policyEndsAt } = await openManagedBooking(db, token, env.secret, projectSlug)
  assertWithinPolicy(policyEndsAt, env.now ?? new Date())
  const moved = await moveBooking(db, project, booking, new Date(input.start), env, { by: 'customer' })
  return publicBooking(moved, project, await policyEnd(db, moved))
}
