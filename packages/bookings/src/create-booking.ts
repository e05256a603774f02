import type { Actor } from '@flectar/accounts'
import { bookings, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import { auditProjectChange, type Project } from '@flectar/sites'
import type { BookingEnv, BookingRow } from './booking-env'
import { checkAnswers } from './check-answers'
import { findUsableCoupon, recordRedemption, redeemCoupon } from './coupon-use'
import { upsertCustomer } from './customers'
import { manageUrl } from './manage-token'
import { notifyOwners, sendCustomerMessage } from './notifications'
import { extraMinutesOf, pickExtras } from './pick-extras'
import { priceBooking } from './pricing'
import { requireBookableService } from './require-bookable-service'
import { reserveSlot } from './reserve-slot'
import type { BookingRequest } from './schemas'

/**
 * Where the booking comes from. Staff (`admin`) book as an `Actor` and the booking is audited
 * `booking.created`; a visitor's booking (site or API) has no one to audit: the customer,
 * their messages and the owners' notifications are its record.
 */
export type CreateOptions = {
  /** Create it as `pending_payment`, holding the slot this long (the payment step). */
  paymentHoldMinutes?: number
  /**
   * The booking claims this waitlist offer: the offer's hold does not count against its slot,
   * and `claimed` runs in the booking's transaction (it refuses, rolling the booking back, when
   * the offer is no longer open).
   */
  waitlistOffer?: { id: string, claimed: (tx: DbOrTx, booking: BookingRow) => Promise<void> }
} & ({ source: 'admin', actor: Actor } | { source: 'site' | 'api' })

export interface CreatedBooking {
  booking: BookingRow
  manageUrl: string
}

/**
 * Books a slot. Everything that can be is checked before the transaction (422s name the
 * field); `reserveSlot` then locks, re-checks and hands over the resource and seat, and the
 * customer, coupon use, booking and its messages are written in that same transaction.
 */
export async function createBooking(db: DbOrTx, project: Project, input: BookingRequest, env: BookingEnv, options: CreateOptions): Promise<CreatedBooking> {
  const isAdmin = options.source === 'admin'
  const now = env.now ?? new Date()
  const timeZone = input.timeZone ?? project.timeZone
  const start = new Date(input.start)
  const service = await requireBookableService(db, project.id, input.serviceId)
  if (start.getTime() <= now.getTime()) throw new InvalidInputError({ start: 'is in the past' })

  const extras = await pickExtras(db, project.id, service.id, input.extras)
  const answers = await checkAnswers(db, { orgId: project.orgId, projectId: project.id }, service.id, input.answers, { now, byStaff: isAdmin })
  const extraMinutes = extraMinutesOf(extras)
  const coupon = input.couponCode ? await findUsableCoupon(db, project.id, service.id, input.couponCode, now) : undefined
  const end = new Date(start.getTime() + (service.durationMinutes + extraMinutes) * 60_000)

  const slot = { service, start, end, extraMinutes, now, byStaff: isAdmin, timeZone, resourceId: input.resourceId, busy: env.busy, claimingOfferId: options.waitlistOffer?.id }
  return await reserveSlot(db, slot, async (tx, place) => {
    await env.withinPlan?.(tx)
    const customer = await upsertCustomer(tx, { orgId: project.orgId, projectId: project.id }, input.customer)
    const applied = coupon ? await redeemCoupon(tx, coupon.id, service.id, customer.id, now) : undefined
    const priced = priceBooking(service, extras, applied)
    const price = env.coverBySubscription ? { ...priced, deposit: 0 } : priced
    const held = options.paymentHoldMinutes !== undefined && price.deposit > 0
    const status = held ? 'pending_payment' as const : service.requiresConfirmation && !isAdmin ? 'pending' as const : 'confirmed' as const
    const [booking] = await tx.insert(bookings).values({
      orgId: project.orgId, projectId: project.id, resourceId: place.resourceId, seat: place.seat, status, serviceId: service.id, customerId: customer.id,
      startsAt: start, endsAt: end, blocked: place.blocked, timeZone,
      holdExpiresAt: held ? new Date(now.getTime() + options.paymentHoldMinutes! * 60_000) : null,
      serviceName: service.name, extras, answers, currency: service.currency,
      priceAmount: price.subtotal, discountAmount: price.discount, depositAmount: price.deposit,
      couponId: applied ? coupon!.id : null, source: options.source, notes: input.notes ?? '',
      remindersSent: service.reminderMinutes.filter(lead => start.getTime() - lead * 60_000 <= now.getTime()),
      confirmedAt: status === 'confirmed' ? now : null,
    }).returning()
    if (applied) await recordRedemption(tx, coupon!.id, customer.id, booking!.id)
    await options.waitlistOffer?.claimed(tx, booking!)
    await env.coverBySubscription?.(tx, booking!)
    if (options.source === 'admin') {
      await auditProjectChange(tx, options.actor, { orgId: project.orgId, projectId: project.id }, { action: 'booking.created', targetType: 'booking', targetId: booking!.id, metadata: { serviceId: service.id, start: start.toISOString(), status } })
    }
    const context = { project, customer, manageUrl: manageUrl(env.siteOrigin, env.secret, booking!.id) }
    if (status !== 'pending_payment') {
      await sendCustomerMessage(tx, status === 'pending' ? 'requested' : 'confirmed', booking!, context)
      if (!isAdmin) await notifyOwners(tx, status === 'pending' ? 'requested' : 'created', booking!, { ...context, adminUrl: env.adminUrl, projectTimeZone: project.timeZone })
    }
    return { booking: booking!, manageUrl: context.manageUrl }
  })
}
