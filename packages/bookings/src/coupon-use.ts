import { and, eq, inArray, sql } from 'drizzle-orm'
import { bookingCoupons, bookings, couponRedemptions, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'

// Using a coupon on a booking: checked before the booking, counted under a row lock while
// booking, given back when the booking does not happen.

type CouponRow = typeof bookingCoupons.$inferSelect

export async function findUsableCoupon(db: DbOrTx, projectId: string, serviceId: string, code: string, now: Date): Promise<CouponRow> {
  const [coupon] = await db.select().from(bookingCoupons).where(and(eq(bookingCoupons.projectId, projectId), eq(bookingCoupons.code, code.toUpperCase())))
  const problem = couponProblem(coupon, serviceId, now)
  if (problem) throw new InvalidInputError({ couponCode: problem })
  return coupon!
}

function couponProblem(coupon: CouponRow | undefined, serviceId: string, now: Date): string | undefined {
  if (!coupon || !coupon.active) return 'is not a valid code'
  if (coupon.validFrom && coupon.validFrom > now) return 'is not valid yet'
  if (coupon.validUntil && coupon.validUntil <= now) return 'has expired'
  if (coupon.serviceIds.length > 0 && !coupon.serviceIds.includes(serviceId)) return 'does not apply to this service'
  if (coupon.maxUses !== null && coupon.usedCount >= coupon.maxUses) return 'has been used up'
  return undefined
}

/** Counts one use of the coupon under a row lock, so "maximum uses" holds under concurrency. */
export async function redeemCoupon(tx: DbOrTx, couponId: string, serviceId: string, customerId: string, now: Date) {
  const [coupon] = await tx.select().from(bookingCoupons).where(eq(bookingCoupons.id, couponId)).for('update')
  const problem = couponProblem(coupon, serviceId, now)
  if (problem) throw new InvalidInputError({ couponCode: problem })
  if (coupon!.onePerCustomer) {
    const [used] = await tx.select({ bookingId: couponRedemptions.bookingId }).from(couponRedemptions)
      .innerJoin(bookings, eq(bookings.id, couponRedemptions.bookingId))
      .where(and(eq(couponRedemptions.couponId, couponId), eq(couponRedemptions.customerId, customerId), inArray(bookings.status, ['pending', 'pending_payment', 'confirmed', 'completed', 'no_show']))).limit(1)
    if (used) throw new InvalidInputError({ couponCode: 'has already been used by you' })
  }
  await tx.update(bookingCoupons).set({ usedCount: sql`${bookingCoupons.usedCount} + 1` }).where(eq(bookingCoupons.id, couponId))
  return { kind: coupon!.kind, amount: coupon!.amount }
}

/** Who used the coupon on which booking, for "one per customer" and for giving the use back. */
export async function recordRedemption(tx: DbOrTx, couponId: string, customerId: string, bookingId: string) {
  await tx.insert(couponRedemptions).values({ couponId, customerId, bookingId })
}

/** A booking that did not happen gives its coupon use back (an abandoned checkout must not use up "first 5"). */
export async function releaseCoupon(tx: DbOrTx, booking: { id: string, couponId: string | null }) {
  if (!booking.couponId) return
  const released = await tx.delete(couponRedemptions).where(and(eq(couponRedemptions.couponId, booking.couponId), eq(couponRedemptions.bookingId, booking.id))).returning()
  if (released.length > 0) await tx.update(bookingCoupons).set({ usedCount: sql`greatest(${bookingCoupons.usedCount} - 1, 0)` }).where(eq(bookingCoupons.id, booking.couponId))
}
