import { describe, expect, it } from 'vitest'
import { paymentFromStripeEvent } from './payment-event'
import type { VerifiedStripeEvent } from './webhook'

function event(type: string, object: Record<string, unknown>): VerifiedStripeEvent {
  return { id: 'evt_1', type, created: 1_800_000_000, livemode: false, object }
}

/** A completed session with the personal and card data Stripe includes, none of which may leak. */
function session(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'cs_test_1',
    object: 'checkout.session',
    status: 'complete',
    payment_status: 'paid',
    amount_total: 5000,
    currency: 'eur',
    client_reference_id: 'pay_1',
    metadata: { booking_id: 'b_42', payment_id: 'pay_1' },
    payment_intent: 'pi_1',
    customer_email: 'ana@example.test',
    customer_details: { email: 'ana@example.test', name: 'Ana García', phone: '+34600000000', address: { city: 'Madrid' } },
    ...overrides,
  }
}

const PAID_SESSION = {
  paymentId: 'pay_1',
  bookingId: 'b_42',
  providerPaymentId: 'pi_1',
  checkoutSessionId: 'cs_test_1',
  amountMinor: 5000,
  currency: 'eur',
}

describe('paymentFromStripeEvent for checkout sessions', () => {
  it('reads a paid checkout.session.completed, with only ids, amounts and statuses', () => {
    const summary = paymentFromStripeEvent(event('checkout.session.completed', session()))
    expect(summary).toEqual({ kind: 'paid', ...PAID_SESSION })
    expect(JSON.stringify(summary)).not.toMatch(/ana|García|\+34|Madrid/i)
  })

  it('ignores a completion that is not paid yet (delayed payment methods)', () => {
    expect(paymentFromStripeEvent(event('checkout.session.completed', session({ payment_status: 'unpaid' })))).toEqual({ kind: 'ignored' })
    expect(paymentFromStripeEvent(event('checkout.session.completed', session({ payment_status: 'no_payment_required' })))).toEqual({ kind: 'ignored' })
  })

  it('ignores the checkout of a subscription: it pays for no booking', () => {
    expect(paymentFromStripeEvent(event('checkout.session.completed', session({ mode: 'subscription', subscription: 'sub_1' })))).toEqual({ kind: 'ignored' })
  })

  it('reads async success and failure', () => {
    expect(paymentFromStripeEvent(event('checkout.session.async_payment_succeeded', session()))).toEqual({ kind: 'paid', ...PAID_SESSION })
    expect(paymentFromStripeEvent(event('checkout.session.async_payment_failed', session({ payment_status: 'unpaid' }))))
      .toEqual({ kind: 'failed', ...PAID_SESSION })
  })

  it('reads an expired session, which may have no PaymentIntent', () => {
    const summary = paymentFromStripeEvent(event('checkout.session.expired', session({ status: 'expired', payment_status: 'unpaid', payment_intent: null })))
    expect(summary).toEqual({ kind: 'expired', paymentId: 'pay_1', bookingId: 'b_42', checkoutSessionId: 'cs_test_1', amountMinor: 5000, currency: 'eur' })
  })

  it('falls back to client_reference_id and accepts an expanded PaymentIntent', () => {
    const summary = paymentFromStripeEvent(event('checkout.session.completed', session({ metadata: {}, payment_intent: { id: 'pi_9', object: 'payment_intent' } })))
    expect(summary).toMatchObject({ kind: 'paid', paymentId: 'pay_1', providerPaymentId: 'pi_9' })
    expect(summary).not.toHaveProperty('bookingId')
  })
})

describe('paymentFromStripeEvent for refunds and disputes', () => {
  it('reads charge.refunded with the cumulative refunded amount, and no card data', () => {
    const charge = {
      id: 'ch_1',
      object: 'charge',
      amount: 5000,
      amount_refunded: 3000,
      currency: 'eur',
      payment_intent: 'pi_1',
      refunded: false,
      metadata: { booking_id: 'b_42', payment_id: 'pay_1' },
      billing_details: { email: 'ana@example.test', name: 'Ana García' },
      payment_method_details: { card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 } },
    }
    const summary = paymentFromStripeEvent(event('charge.refunded', charge))
    expect(summary).toEqual({ kind: 'refunded', paymentId: 'pay_1', bookingId: 'b_42', providerPaymentId: 'pi_1', amountMinor: 5000, currency: 'eur', refundedMinor: 3000 })
    expect(JSON.stringify(summary)).not.toMatch(/4242|visa|ana/i)
  })

  const dispute = (status: string) => ({
    id: 'dp_1', object: 'dispute', amount: 5000, currency: 'eur', charge: 'ch_1', payment_intent: 'pi_1', reason: 'fraudulent', status,
    evidence: { customer_email_address: 'ana@example.test', customer_name: 'Ana García' },
  })

  it('reads charge.dispute.created as dispute_opened', () => {
    expect(paymentFromStripeEvent(event('charge.dispute.created', dispute('needs_response'))))
      .toEqual({ kind: 'dispute_opened', providerPaymentId: 'pi_1', amountMinor: 5000, currency: 'eur', disputeStatus: 'needs_response', disputeId: 'dp_1' })
  })

  it.each(['won', 'lost'])('reads charge.dispute.closed as dispute_closed %s', (status) => {
    const summary = paymentFromStripeEvent(event('charge.dispute.closed', dispute(status)))
    expect(summary).toEqual({ kind: 'dispute_closed', providerPaymentId: 'pi_1', amountMinor: 5000, currency: 'eur', disputeStatus: status, disputeId: 'dp_1' })
    expect(JSON.stringify(summary)).not.toMatch(/ana/i)
  })
})

describe('paymentFromStripeEvent for everything else', () => {
  it.each(['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.dispute.updated', 'refund.created', 'customer.created', 'checkout.session'])('ignores %s', (type) => {
    expect(paymentFromStripeEvent(event(type, session()))).toEqual({ kind: 'ignored' })
  })

  it('drops fields of the wrong type instead of passing them on', () => {
    const summary = paymentFromStripeEvent(event('checkout.session.completed', session({ amount_total: '5000', currency: 5, metadata: 'x', client_reference_id: null, payment_intent: 42 })))
    expect(summary).toEqual({ kind: 'paid', checkoutSessionId: 'cs_test_1' })
  })
})
