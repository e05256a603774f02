import { paymentFromPayPalEvent } from '@flectar/paypal'
import { REDSYS_CURRENCY, redsysResponseOutcome, type RedsysParams } from '@flectar/redsys'
import { paymentFromStripeEvent, type VerifiedStripeEvent } from '@flectar/stripe'
import type { PaymentEvent } from './payment-lifecycle'
import type { WebhookDelivery } from './webhook-inbox'

/*
 * Verified provider notifications as inbox deliveries: the lifecycle event they report and the
 * reference the payment is found by (its checkout, or the money's id for refunds and disputes,
 * which carry no checkout). Undefined for a notification that changes no payment.
 */

/** A verified Stripe event. Disputes closed as warning_closed (an inquiry) keep the money: won. */
export function deliveryFromStripe(projectId: string, event: VerifiedStripeEvent): WebhookDelivery | undefined {
  const reported = paymentFromStripeEvent(event)
  const reference = reported.checkoutSessionId ?? reported.providerPaymentId
  if (!reference) return undefined
  const lifecycle = ((): PaymentEvent | undefined => {
    switch (reported.kind) {
      case 'paid':
        if (!reported.providerPaymentId || reported.amountMinor === undefined || !reported.currency) return undefined
        return { type: 'paid', providerPaymentId: reported.providerPaymentId, amountMinor: reported.amountMinor, currency: reported.currency.toUpperCase() }
      case 'failed':
        return { type: 'failed', reason: 'payment_failed' }
      case 'expired':
        return { type: 'expired' }
      case 'refunded':
        return reported.refundedMinor === undefined ? undefined : { type: 'refunded', totalRefundedMinor: reported.refundedMinor }
      case 'dispute_opened':
        return reported.disputeId ? { type: 'dispute_opened', disputeId: reported.disputeId } : undefined
      case 'dispute_closed':
        return reported.disputeId ? { type: 'dispute_closed', disputeId: reported.disputeId, outcome: reported.disputeStatus === 'lost' ? 'lost' : 'won' } : undefined
      default:
        return undefined
    }
  })()
  return lifecycle && { provider: 'stripe', eventId: event.id, projectId, checkoutId: reference, event: lifecycle }
}

const CURRENCY_OF_NUMERIC: Record<string, string> = Object.fromEntries(Object.entries(REDSYS_CURRENCY).map(([alpha, numeric]) => [numeric, alpha]))

/**
 * A verified Redsys notification. Redsys has no event id: the order, transaction type and
 * response together are one. Refund notifications are left out (the REST refund's own signed
 * answer records a refund). A currency we do not know is kept as `XXX`, so it never matches.
 */
export function deliveryFromRedsys(projectId: string, params: RedsysParams): WebhookDelivery | undefined {
  const order = typeof params.Ds_Order === 'string' ? params.Ds_Order : undefined
  const response = typeof params.Ds_Response === 'string' ? params.Ds_Response : ''
  const type = typeof params.Ds_TransactionType === 'string' ? params.Ds_TransactionType : ''
  if (!order || type === '3') return undefined
  const outcome = redsysResponseOutcome(response)
  const amount = typeof params.Ds_Amount === 'string' && /^\d{1,12}$/.test(params.Ds_Amount) ? Number(params.Ds_Amount) : Number.NaN
  const event: PaymentEvent = outcome === 'authorised'
    ? { type: 'paid', providerPaymentId: order, amountMinor: amount, currency: CURRENCY_OF_NUMERIC[String(params.Ds_Currency)] ?? 'XXX' }
    : { type: 'failed', reason: `redsys_${response || 'unknown'}` }
  if (event.type === 'paid' && !Number.isSafeInteger(event.amountMinor)) return undefined
  return { provider: 'redsys', eventId: `${order}:${type}:${response}`, projectId, checkoutId: order, event }
}

/**
 * A verified PayPal event. A capture names its order (the checkout); refunds and disputes name
 * the capture (the money received). An approved order is left out: capturing it is an action of
 * ours, and the capture's own event reports the money. A dispute resolved in the seller's favour
 * is won, anything else lost.
 */
export function deliveryFromPayPal(projectId: string, event: unknown): WebhookDelivery | undefined {
  const reported = paymentFromPayPalEvent(event)
  if (!reported.eventId) return undefined
  const capture = reported.captureId
  const found = ((): { reference?: string, lifecycle?: PaymentEvent } => {
    switch (reported.kind) {
      case 'paid':
        if (!capture || reported.amountMinor === undefined || !reported.currency) return {}
        return { reference: reported.orderId ?? capture, lifecycle: { type: 'paid', providerPaymentId: capture, amountMinor: reported.amountMinor, currency: reported.currency.toUpperCase() } }
      case 'failed':
        return { reference: reported.orderId ?? capture, lifecycle: { type: 'failed', reason: `paypal_${(reported.status ?? 'declined').toLowerCase()}` } }
      case 'refunded':
        return { reference: capture, lifecycle: reported.totalRefundedMinor === undefined ? undefined : { type: 'refunded', totalRefundedMinor: reported.totalRefundedMinor } }
      case 'dispute_opened':
        return { reference: capture, lifecycle: reported.disputeId ? { type: 'dispute_opened', disputeId: reported.disputeId } : undefined }
      case 'dispute_closed':
        return { reference: capture, lifecycle: reported.disputeId ? { type: 'dispute_closed', disputeId: reported.disputeId, outcome: reported.disputeOutcome === 'RESOLVED_SELLER_FAVOUR' ? 'won' : 'lost' } : undefined }
      default:
        return {}
    }
  })()
  if (!found.reference || !found.lifecycle) return undefined
  return { provider: 'paypal', eventId: reported.eventId, projectId, checkoutId: found.reference, event: found.lifecycle }
}
