import { and, eq, inArray, ne, or, sql } from 'drizzle-orm'
import { listMemberEmails } from '@flectar/accounts'
import { bookingResources, bookings, type DbOrTx } from '@flectar/db'
import { customerMessageAllowed, emailSubject, enqueueEmail, renderEmail } from '@flectar/messaging'
import { formatMoney } from '@flectar/money'
import { requestRefund, type PaymentEffect, type PaymentHooks } from '@flectar/payments'
import { requireProject } from '@flectar/sites'
import { nextIcsSequence } from './booking-ics'
import type { BookingRow } from './booking-env'
import { releaseCoupon } from './coupon-use'
import { HOLD_EXPIRED_REASON } from './expire-holds'
import { customerOf } from './customers'
import { ACTIVE_STATUSES } from './load-availability'
import { manageUrl } from './manage-token'
import { notifyOwners, sendCustomerMessage } from './notifications'

export interface PaymentHookEnv {
  /** Signs manage links (SESSION_SECRET). */
  secret: string
  siteOriginFor: (projectSlug: string) => string
  /** The admin's bookings page of a project, for owners' emails. */
  adminUrlFor: (projectId: string) => string
}

type PaymentRow = Parameters<PaymentHooks['onEffects']>[1]

/**
 * How a payment's changes reach its booking, in the payment's transaction: money that arrives
 * confirms the booking (also one whose hold ran out, when its slot is still free), a payment
 * that ends unpaid releases the slot, refunds are recorded for the refund job to send, and the
 * customer or the owners are told by email (operational messages only, P22).
 */
export function bookingPaymentHooks(env: PaymentHookEnv): PaymentHooks {
  return {
    slotStillFree: async (tx, bookingId) => {
      const [booking] = await tx.select().from(bookings).where(eq(bookings.id, bookingId))
      if (!booking) return false
      if ((ACTIVE_STATUSES as readonly string[]).includes(booking.status)) return true
      // New bookings of the resource wait on this lock, so the answer holds until the commit.
      await tx.select({ id: bookingResources.id }).from(bookingResources).where(eq(bookingResources.id, booking.resourceId)).for('update')
      const [taken] = await tx.select({ id: bookings.id }).from(bookings).where(and(
        eq(bookings.resourceId, booking.resourceId),
        eq(bookings.seat, booking.seat),
        ne(bookings.id, booking.id),
        inArray(bookings.status, [...ACTIVE_STATUSES]),
        sql`${bookings.blocked} && tstzrange(${booking.blocked.start.toISOString()}::timestamptz, ${booking.blocked.end.toISOString()}::timestamptz, '[)')`,
      )).limit(1)
      return !taken
    },
    onEffects: async (tx, payment, effects) => {
      for (const effect of effects) await applyEffect(tx, env, payment, effect)
    },
  }
}

async function applyEffect(tx: DbOrTx, env: PaymentHookEnv, payment: PaymentRow, effect: PaymentEffect) {
  switch (effect.type) {
    case 'confirm_booking': {
      const now = new Date()
      const [booking] = await tx.update(bookings).set({ status: 'confirmed', confirmedAt: now, holdExpiresAt: null, cancelReason: null, cancelledAt: null, updatedAt: now })
        .where(and(eq(bookings.id, payment.bookingId), or(eq(bookings.status, 'pending_payment'), and(eq(bookings.status, 'cancelled'), eq(bookings.cancelReason, HOLD_EXPIRED_REASON)))))
        .returning()
      if (booking) await tellAboutConfirmation(tx, env, booking)
      return
    }
    case 'release_slot': {
      const now = new Date()
      const released = await tx.update(bookings).set({ status: 'cancelled', cancelReason: HOLD_EXPIRED_REASON, cancelledAt: now, updatedAt: now, icsSequence: nextIcsSequence() })
        .where(and(eq(bookings.id, payment.bookingId), eq(bookings.status, 'pending_payment')))
        .returning({ id: bookings.id, couponId: bookings.couponId })
      for (const row of released) await releaseCoupon(tx, row)
      return
    }
    case 'refund':
      await requestRefund(tx, { paymentId: payment.id, providerPaymentId: effect.providerPaymentId, amountMinor: effect.amountMinor, currency: payment.currency, reason: effect.reason, idempotencyKey: effect.idempotencyKey })
      return
    case 'notify_owner':
      await tellOwners(tx, env, payment, effect.reason)
      return
    case 'notify_customer':
      await tellCustomer(tx, env, payment, effect.reason)
  }
}

async function contextOf(tx: DbOrTx, env: PaymentHookEnv, booking: BookingRow) {
  const project = await requireProject(tx, { orgId: booking.orgId, projectId: booking.projectId })
  const customer = await customerOf(tx, booking)
  return { project, customer, manageUrl: manageUrl(env.siteOriginFor(project.slug), env.secret, booking.id) }
}

async function tellAboutConfirmation(tx: DbOrTx, env: PaymentHookEnv, booking: BookingRow) {
  const context = await contextOf(tx, env, booking)
  await sendCustomerMessage(tx, 'confirmed', booking, context)
  await notifyOwners(tx, 'created', booking, { ...context, adminUrl: env.adminUrlFor(booking.projectId), projectTimeZone: context.project.timeZone })
}

const OWNER_NOTICES: Record<Extract<PaymentEffect, { type: 'notify_owner' }>['reason'], { heading: string, body: string }> = {
  dispute_opened: { heading: 'A payment is disputed', body: 'The customer\'s bank opened a dispute on this payment. Answer it in your payment provider\'s dashboard before its deadline.' },
  dispute_won: { heading: 'A dispute was closed in your favour', body: 'The bank closed the dispute on this payment in your favour: the money stays with you.' },
  dispute_lost: { heading: 'A dispute was lost', body: 'The bank closed the dispute on this payment in the customer\'s favour: the money went back to them.' },
  amount_mismatch: { heading: 'A payment did not match its booking', body: 'A payment arrived for an amount or currency other than the booking asked for. It is being refunded and the booking was not confirmed.' },
}

async function tellOwners(tx: DbOrTx, env: PaymentHookEnv, payment: PaymentRow, reason: keyof typeof OWNER_NOTICES) {
  const [booking] = await tx.select().from(bookings).where(eq(bookings.id, payment.bookingId))
  const context = await contextOf(tx, env, booking!)
  const notice = OWNER_NOTICES[reason]
  const amount = formatMoney({ amount: payment.paidMinor || payment.amountMinor, currency: payment.currency }, 'en')
  const { html, text } = renderEmail({
    heading: `${notice.heading}: ${amount}`,
    preheader: `${context.customer.name} — ${booking!.serviceName}`,
    paragraphs: [notice.body, `${context.customer.name} — ${booking!.serviceName}`, `Provider: ${payment.provider}, reference ${payment.providerPaymentId ?? payment.checkoutId ?? payment.id}`],
    action: { label: 'Open the booking', url: env.adminUrlFor(booking!.projectId) },
    footer: `You get this email as an owner or admin of ${context.project.name}.`,
    brandName: context.project.name,
  })
  for (const to of await listMemberEmails(tx, booking!.orgId, ['owner', 'admin'])) {
    await enqueueEmail(tx, { to, subject: emailSubject(`${notice.heading}: ${amount}`), text, html, template: `payments.owner_${reason}`, orgId: booking!.orgId, projectId: booking!.projectId })
  }
}

const CUSTOMER_NOTICES: Record<Extract<PaymentEffect, { type: 'notify_customer' }>['reason'], string> = {
  late_payment_refunded: 'Your payment arrived after the time we could hold your slot, and someone else has booked it since. We are refunding your payment in full; it reaches you in a few days. Please choose another time.',
  duplicate_payment_refunded: 'We received two payments for the same booking. Your booking stands, and we are refunding the second payment in full; it reaches you in a few days.',
}

async function tellCustomer(tx: DbOrTx, env: PaymentHookEnv, payment: PaymentRow, reason: keyof typeof CUSTOMER_NOTICES) {
  const [booking] = await tx.select().from(bookings).where(eq(bookings.id, payment.bookingId))
  const context = await contextOf(tx, env, booking!)
  if (!context.customer.email) return
  if (!await customerMessageAllowed(tx, booking!.projectId, 'refund', 'email')) return
  const heading = 'Your payment is being refunded'
  const { html, text } = renderEmail({
    heading,
    preheader: booking!.serviceName,
    paragraphs: [`Hello ${context.customer.name},`, CUSTOMER_NOTICES[reason], booking!.serviceName],
    action: { label: 'See your booking', url: context.manageUrl },
    footer: `You get this email because you booked with ${context.project.name}.`,
    brandName: context.project.name,
  })
  await enqueueEmail(tx, { to: context.customer.email, subject: emailSubject(`${heading}: ${booking!.serviceName}`), text, html, template: `payments.${reason}`, orgId: booking!.orgId, projectId: booking!.projectId })
}
