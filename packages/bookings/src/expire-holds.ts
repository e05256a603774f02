import { and, eq, inArray, lte } from 'drizzle-orm'
import { bookings, type DbOrTx } from '@flectar/db'
import { nextIcsSequence } from './booking-ics'
import { releaseCoupon } from './coupon-use'

/** The cancel reason of a booking whose payment hold ran out: a payment that arrives late may bring it back. */
export const HOLD_EXPIRED_REASON = 'Payment hold expired'

/**
 * Pending-payment holds past their expiry give their slot (and coupon use) back. Returns how
 * many expired. Run every minute by the jobs, and on the locked resources by every booking
 * transaction, so an expired hold never blocks a slot.
 */
export async function expireHolds(db: DbOrTx, now = new Date(), resourceIds?: readonly string[]) {
  return db.transaction(async (tx) => {
    const rows = await tx.update(bookings).set({ status: 'cancelled', cancelReason: HOLD_EXPIRED_REASON, cancelledAt: now, updatedAt: now, icsSequence: nextIcsSequence() })
      .where(and(eq(bookings.status, 'pending_payment'), lte(bookings.holdExpiresAt, now), resourceIds ? inArray(bookings.resourceId, [...resourceIds]) : undefined))
      .returning({ id: bookings.id, couponId: bookings.couponId })
    for (const row of rows) await releaseCoupon(tx, row)
    return rows.length
  })
}
