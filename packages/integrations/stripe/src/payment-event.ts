import type { VerifiedStripeEvent } from './webhook'
import { idOf, text, wholeNumber, withoutUndefined } from './event-fields'

export type StripePaymentEventKind
  = | 'paid'
    | 'failed'
    | 'expired'
    | 'refunded'
    | 'dispute_opened'
    | 'dispute_closed'
    | 'ignored'

/**
 * A provider-neutral reading of one Stripe event, for the payments package. It carries only ids,
 * amounts and statuses: never card details, names, e-mails or addresses, even though Stripe's
 * objects contain some of them.
 */
export interface StripePaymentEvent {
  kind: StripePaymentEventKind
  /** Our payment id, from metadata.payment_id (or the session's client_reference_id). */
  paymentId?: string
  bookingId?: string
  /** The PaymentIntent (pi_…). Absent when Stripe never created one, e.g. a session that expired untouched. */
  providerPaymentId?: string
  checkoutSessionId?: string
  /** The session total or the charge/dispute amount, minor units. */
  amountMinor?: number
  /** Lower-case ISO 4217, as Stripe sends it. */
  currency?: string
  /** charge.refunded: everything refunded so far on the charge (cumulative), minor units. */
  refundedMinor?: number
  /** Disputes: Stripe's status; on dispute_closed, won or lost (or warning_closed, prevented). */
  disputeStatus?: string
  /** Disputes: dp_…. */
  disputeId?: string
}

/**
 * Maps a verified event to what happened to the payment. `checkout.session.completed` is `paid`
 * only with payment_status paid; an unpaid completion (a delayed method such as SEPA debit) is
 * `ignored`, and the later async_payment_succeeded/failed event decides. Unknown types are `ignored`.
 */
export function paymentFromStripeEvent(event: VerifiedStripeEvent): StripePaymentEvent {
  const object = event.object
  switch (event.type) {
    case 'checkout.session.completed':
      // A subscription's checkout is not a booking's payment (`subscriptionFromStripeEvent` reads it).
      if (object.mode === 'subscription') return { kind: 'ignored' }
      return object.payment_status === 'paid' ? fromCheckoutSession('paid', object) : { kind: 'ignored' }
    case 'checkout.session.async_payment_succeeded':
      return fromCheckoutSession('paid', object)
    case 'checkout.session.async_payment_failed':
      return fromCheckoutSession('failed', object)
    case 'checkout.session.expired':
      return fromCheckoutSession('expired', object)
    case 'charge.refunded':
      return withoutUndefined<StripePaymentEvent>({
        kind: 'refunded',
        ...ourIds(object.metadata),
        providerPaymentId: idOf(object.payment_intent),
        amountMinor: wholeNumber(object.amount),
        currency: text(object.currency),
        refundedMinor: wholeNumber(object.amount_refunded),
      })
    case 'charge.dispute.created':
      return fromDispute('dispute_opened', object)
    case 'charge.dispute.closed':
      return fromDispute('dispute_closed', object)
    default:
      return { kind: 'ignored' }
  }
}

function fromCheckoutSession(kind: StripePaymentEventKind, session: Record<string, unknown>): StripePaymentEvent {
  const ids = ourIds(session.metadata)
  return withoutUndefined<StripePaymentEvent>({
    kind,
    paymentId: ids.paymentId ?? text(session.client_reference_id),
    bookingId: ids.bookingId,
    providerPaymentId: idOf(session.payment_intent),
    checkoutSessionId: text(session.id),
    amountMinor: wholeNumber(session.amount_total),
    currency: text(session.currency),
  })
}

/** A dispute carries no metadata of ours: the payments package finds the payment by PaymentIntent. */
function fromDispute(kind: StripePaymentEventKind, dispute: Record<string, unknown>): StripePaymentEvent {
  return withoutUndefined<StripePaymentEvent>({
    kind,
    providerPaymentId: idOf(dispute.payment_intent),
    amountMinor: wholeNumber(dispute.amount),
    currency: text(dispute.currency),
    disputeStatus: text(dispute.status),
    disputeId: text(dispute.id),
  })
}

function ourIds(metadata: unknown): { paymentId?: string, bookingId?: string } {
  if (typeof metadata !== 'object' || metadata === null) return {}
  const { payment_id: paymentId, booking_id: bookingId } = metadata as Record<string, unknown>
  return { paymentId: text(paymentId), bookingId: text(bookingId) }
}

/** Stripe sends a linked object as its id, or expanded as an object with an id. */
