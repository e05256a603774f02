import { and, eq } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { bookings, type DbOrTx } from '@flectar/db'
import { ConflictError, InvalidInputError } from '@flectar/errors'
import { auditProjectChange, type Project } from '@flectar/sites'
import type { BookingEnv, BookingRow } from './booking-env'
import { nextIcsSequence } from './booking-ics'
import { customerOf } from './customers'
import { findService } from './load-availability'
import { manageUrl } from './manage-token'
import { notifyOwners, sendCustomerMessage } from './notifications'
import { extraMinutesOf } from './pick-extras'
import { reserveSlot } from './reserve-slot'
import { offerFreedSlotsAfterChange } from './waitlist'

export interface MoveOptions {
  /**
   * Staff (calendar drag, an `Actor`: audited `booking.moved`; no notice or window, and the
   * owners are not emailed) or the customer from their manage link.
   */
  by: Actor | 'customer'
  resourceId?: string
  /** Staff may move without telling the customer (a correction, or undoing a move they were not told of). */
  notifyCustomer?: boolean
}

/**
 * Moves a booking to a new start, same service, extras and length, under the same rules as a
 * new one (`reserveSlot`); it keeps its resource when that is free. The customer is told,
 * unless staff choose not to.
 */
export async function moveBooking(db: DbOrTx, project: Project, booking: BookingRow, newStart: Date, env: BookingEnv, options: MoveOptions): Promise<BookingRow> {
  const now = env.now ?? new Date()
  const byStaff = options.by !== 'customer'
  if (!['pending', 'pending_payment', 'confirmed'].includes(booking.status)) throw new ConflictError('Only an upcoming booking can be moved.', 'booking_not_active')
  if (newStart.getTime() <= now.getTime()) throw new InvalidInputError({ start: 'is in the past' })
  const service = booking.serviceId ? await findService(db, project.id, booking.serviceId) : undefined
  if (!service) throw new ConflictError('This service can no longer be booked online; contact the business.', 'service_unavailable')
  const end = new Date(newStart.getTime() + (booking.endsAt.getTime() - booking.startsAt.getTime()))

  const slot = {
    service, start: newStart, end, extraMinutes: extraMinutesOf(booking.extras), now, byStaff, timeZone: booking.timeZone,
    resourceId: options.resourceId, moving: { id: booking.id, resourceId: booking.resourceId }, busy: env.busy,
  }
  const moved = await reserveSlot(db, slot, async (tx, place) => {
    const [moved] = await tx.update(bookings).set({
      startsAt: newStart, endsAt: end, blocked: place.blocked, resourceId: place.resourceId, seat: place.seat, updatedAt: new Date(), icsSequence: nextIcsSequence(),
      remindersSent: service.reminderMinutes.filter(lead => newStart.getTime() - lead * 60_000 <= now.getTime()),
    }).where(and(eq(bookings.id, booking.id), eq(bookings.projectId, project.id), eq(bookings.status, booking.status))).returning()
    if (!moved) throw new ConflictError('This booking changed meanwhile; reload and try again.', 'booking_changed')
    if (options.by !== 'customer') {
      await auditProjectChange(tx, options.by, { orgId: project.orgId, projectId: project.id }, {
        action: 'booking.moved', targetType: 'booking', targetId: moved.id,
        metadata: { from: booking.startsAt.toISOString(), to: moved.startsAt.toISOString(), resourceId: moved.resourceId, customerNotified: options.notifyCustomer !== false },
      })
    }
    const customer = await customerOf(tx, moved)
    const context = { project, customer, manageUrl: manageUrl(env.siteOrigin, env.secret, moved.id) }
    if (!byStaff || options.notifyCustomer !== false) await sendCustomerMessage(tx, 'rescheduled', moved, context)
    if (!byStaff) await notifyOwners(tx, 'rescheduled', moved, { ...context, adminUrl: env.adminUrl, projectTimeZone: project.timeZone })
    return moved
  })
  // The old time is free now.
  await offerFreedSlotsAfterChange(db, env, moved.serviceId)
  return moved
}
