import type Stripe from 'stripe'
import { toStripeRequestError } from './errors'

export interface StripeRefundRequest {
  /** The PaymentIntent (pi_…) of the paid checkout. */
  paymentIntentId: string
  /** Partial refund in minor units; omit for everything not yet refunded. */
  amountMinor?: number
  reason?: Stripe.RefundCreateParams.Reason
  /** Same key + same request → the same refund, never a second one. */
  idempotencyKey: string
}

export interface StripeRefund {
  refundId: string
  /** pending | requires_action | succeeded | failed | canceled: only succeeded means money went back. */
  status: string
  amountMinor: number
}

/**
 * Refunds all or part of a paid PaymentIntent. Stripe refuses more than what is left; that comes
 * back as a StripeRequestError (code charge_already_refunded once nothing is left).
 */
export async function refundStripePayment(client: Stripe, request: StripeRefundRequest): Promise<StripeRefund> {
  const { paymentIntentId, amountMinor, reason, idempotencyKey } = request
  if (typeof paymentIntentId !== 'string' || !paymentIntentId.startsWith('pi_')) {
    throw new TypeError('refundStripePayment needs a PaymentIntent id (pi_…)')
  }
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '' || idempotencyKey.length > 255) {
    throw new TypeError('refundStripePayment needs an idempotencyKey of 1 to 255 characters')
  }
  if (amountMinor !== undefined && (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)) {
    throw new RangeError('refundStripePayment needs a positive whole amountMinor when one is given')
  }
  const params: Stripe.RefundCreateParams = { payment_intent: paymentIntentId }
  if (amountMinor !== undefined) params.amount = amountMinor
  if (reason !== undefined) params.reason = reason
  let refund: Stripe.Refund
  try {
    refund = await client.refunds.create(params, { idempotencyKey })
  }
  catch (error) {
    throw toStripeRequestError('refund create', error)
  }
  return { refundId: refund.id, status: refund.status ?? 'pending', amountMinor: refund.amount }
}
