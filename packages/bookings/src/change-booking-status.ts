import { and, eq } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { bookings, type DbOrTx } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, type Project } from '@flectar/sites'
import type { BookingEnv, BookingRow } from './booking-env'
import { nextIcsSequence } from './booking-ics'
import { releaseCoupon } from './coupon-use'
import { customerOf } from './customers'
import { manageUrl } from './manage-token'
import { notifyOwners, sendCustomerMessage, type CustomerMessageKind } from './notifications'
import type { STATUS_CHANGES } from './schemas'
import { offerFreedSlotsAfterChange } from './waitlist'

export type StatusChange = (typeof STATUS_CHANGES)[number]

const TRANSITIONS: Record<StatusChange, { from: BookingRow['status'][], to: BookingRow['status'], message?: CustomerMessageKind }> = {
  confirm: { from: ['pending', 'pending_payment'], to: 'confirmed', message: 'confirmed' },
  reject: { from: ['pending'], to: 'rejected', message: 'rejected' },
  cancel: { from: ['pending', 'pending_payment', 'confirmed'], to: 'cancelled', message: 'cancelled' },
  complete: { from: ['confirmed', 'no_show'], to: 'completed' },
  no_show: { from: ['confirmed', 'completed'], to: 'no_show' },
}

export interface StatusChangeOptions {
  /** Staff (an `Actor`: audited `booking.<change>`, e.g. `booking.confirm`) or the customer from their manage link (the owners are emailed). */
  by: Actor | 'customer'
  reason?: string
}

/** Confirm, reject, cancel, or mark attended / no-show; tells the customer where it matters. */
export async function changeBookingStatus(db: DbOrTx, project: Project, bookingId: string, change: StatusChange, env: BookingEnv, options: StatusChangeOptions) {
  const now = env.now ?? new Date()
  const rule = TRANSITIONS[change]
  const changed = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(bookings).where(and(eq(bookings.id, bookingId), eq(bookings.projectId, project.id))).for('update')
    if (!current) throw new NotFoundError('Booking not found.')
    if (!rule.from.includes(current.status)) throw new ConflictError(`A ${current.status.replace('_', ' ')} booking cannot be changed that way.`, 'invalid_transition')
    if ((change === 'complete' || change === 'no_show') && current.startsAt > now) throw new ConflictError('Attendance can be recorded once the booking has started.', 'not_started')
    // The calendar's copy changes when a request it holds as TENTATIVE is confirmed, or ends.
    const calendarChanged = (current.status === 'pending' && rule.to === 'confirmed') || rule.to === 'cancelled' || rule.to === 'rejected'
    const [updated] = await tx.update(bookings).set({
      status: rule.to, updatedAt: now,
      ...(calendarChanged ? { icsSequence: nextIcsSequence() } : {}),
      ...(rule.to === 'confirmed' ? { confirmedAt: now, holdExpiresAt: null } : {}),
      ...(rule.to === 'cancelled' || rule.to === 'rejected' ? { cancelledAt: now, cancelReason: options.reason?.trim() || null } : {}),
    }).where(eq(bookings.id, bookingId)).returning()
    if (rule.to === 'cancelled' || rule.to === 'rejected') await releaseCoupon(tx, updated!)
    if (options.by !== 'customer') {
      await auditProjectChange(tx, options.by, { orgId: project.orgId, projectId: project.id }, { action: `booking.${change}`, targetType: 'booking', targetId: updated!.id, metadata: { status: updated!.status } })
    }
    if (rule.message) {
      const customer = await customerOf(tx, updated!)
      const context = { project, customer, manageUrl: manageUrl(env.siteOrigin, env.secret, updated!.id) }
      await sendCustomerMessage(tx, rule.message, updated!, context, options.reason)
      if (options.by === 'customer') await notifyOwners(tx, 'cancelled', updated!, { ...context, adminUrl: env.adminUrl, projectTimeZone: project.timeZone })
    }
    return updated!
  })
  if (changed.status === 'cancelled' || changed.status === 'rejected') await offerFreedSlotsAfterChange(db, env, changed.serviceId)
  return changed
}
