import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStripeCheckout, findStripeCheckout } from './checkout'
import { createStripeClient } from './client'
import { StripeRequestError } from './errors'
import { type FakeStripe, startFakeStripe } from './fake-server'
import { TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from './fixtures/keys'
import { refundStripePayment } from './refund'
import { bookingCheckoutRequest } from './testing/booking-checkout'
import { startTestMerchant, type TestMerchant } from './testing/test-merchant'

let fake: FakeStripe
let merchant: TestMerchant
let client: Stripe

beforeAll(async () => {
  merchant = await startTestMerchant(TEST_WEBHOOK_SECRET)
  fake = await startFakeStripe({ webhookSecret: TEST_WEBHOOK_SECRET, webhookUrl: merchant.webhookUrl })
  client = createStripeClient({ secretKey: TEST_SECRET_KEY, baseUrl: fake.url })
})

afterAll(async () => {
  await fake.stop()
  await merchant.stop()
})

/** Pays a checkout of `amountMinor` on the fake and returns its ids. */
async function paidCheckout(amountMinor: number): Promise<{ paymentId: string, paymentIntentId: string }> {
  const request = bookingCheckoutRequest({ amountMinor })
  const checkout = await createStripeCheckout(client, request)
  await fake.completeCheckout(checkout.sessionId, { outcome: 'paid' })
  const state = await findStripeCheckout(client, checkout.sessionId)
  return { paymentId: request.paymentId, paymentIntentId: state.paymentIntentId! }
}

async function refundError(request: Parameters<typeof refundStripePayment>[1]): Promise<StripeRequestError> {
  const error = await refundStripePayment(client, request).then(() => undefined, (failure: unknown) => failure)
  expect(error).toBeInstanceOf(StripeRequestError)
  return error as StripeRequestError
}

describe('refundStripePayment', () => {
  it('refunds part, refuses more than is left, then refunds the rest, each with a charge.refunded webhook', async () => {
    const { paymentId, paymentIntentId } = await paidCheckout(5000)

    const partial = await refundStripePayment(client, { paymentIntentId, amountMinor: 3000, reason: 'requested_by_customer', idempotencyKey: `refund-${paymentId}-1` })
    expect(partial).toEqual({ refundId: expect.stringMatching(/^re_/), status: 'succeeded', amountMinor: 3000 })
    expect(fake.refunds.at(-1)).toMatchObject({ id: partial.refundId, payment_intent: paymentIntentId, amount: 3000, reason: 'requested_by_customer' })
    expect(merchant.applied.at(-1)).toEqual({
      kind: 'refunded', paymentId, bookingId: 'b_42', providerPaymentId: paymentIntentId, amountMinor: 5000, currency: 'eur', refundedMinor: 3000,
    })

    const tooMuch = await refundError({ paymentIntentId, amountMinor: 2001, idempotencyKey: `refund-${paymentId}-2` })
    expect(tooMuch).toMatchObject({ statusCode: 400, type: 'invalid_request_error', code: 'amount_too_large', param: 'amount' })

    const rest = await refundStripePayment(client, { paymentIntentId, idempotencyKey: `refund-${paymentId}-3` })
    expect(rest).toMatchObject({ status: 'succeeded', amountMinor: 2000 })
    expect(merchant.applied.at(-1)).toMatchObject({ kind: 'refunded', refundedMinor: 5000 })

    const nothingLeft = await refundError({ paymentIntentId, amountMinor: 1, idempotencyKey: `refund-${paymentId}-4` })
    expect(nothingLeft).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' })
  })

  it('refunds everything when no amount is given', async () => {
    const { paymentId, paymentIntentId } = await paidCheckout(1234)
    expect(await refundStripePayment(client, { paymentIntentId, idempotencyKey: `refund-${paymentId}` })).toMatchObject({ amountMinor: 1234, status: 'succeeded' })
    expect(merchant.applied.at(-1)).toMatchObject({ kind: 'refunded', amountMinor: 1234, refundedMinor: 1234 })
  })

  it('replays a retried refund with the same idempotency key instead of refunding twice', async () => {
    const { paymentId, paymentIntentId } = await paidCheckout(5000)
    const request = { paymentIntentId, amountMinor: 1000, idempotencyKey: `refund-${paymentId}` }
    const first = await refundStripePayment(client, request)
    const count = fake.refunds.length
    expect(await refundStripePayment(client, request)).toEqual(first)
    expect(fake.refunds).toHaveLength(count)
  })

  it('gets resource_missing for an unknown PaymentIntent and a clear error for an unpaid one', async () => {
    expect(await refundError({ paymentIntentId: 'pi_unknown', idempotencyKey: 'refund-unknown' })).toMatchObject({ code: 'resource_missing', param: 'payment_intent' })

    const checkout = await createStripeCheckout(client, bookingCheckoutRequest())
    await fake.completeCheckout(checkout.sessionId, { outcome: 'failed' })
    const { paymentIntentId } = await findStripeCheckout(client, checkout.sessionId)
    expect(await refundError({ paymentIntentId: paymentIntentId!, idempotencyKey: `refund-${checkout.sessionId}` })).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' })
  })

  it('refuses bad input before calling Stripe', async () => {
    const before = fake.requests.length
    await expect(refundStripePayment(client, { paymentIntentId: 'ch_1', idempotencyKey: 'k' })).rejects.toThrow(TypeError)
    await expect(refundStripePayment(client, { paymentIntentId: 'pi_1', idempotencyKey: '' })).rejects.toThrow(TypeError)
    for (const amountMinor of [0, -5, 1.5]) {
      await expect(refundStripePayment(client, { paymentIntentId: 'pi_1', amountMinor, idempotencyKey: 'k' })).rejects.toThrow(RangeError)
    }
    expect(fake.requests.length).toBe(before)
  })
})

describe('disputes through sendEvent', () => {
  const dispute = (paymentIntentId: string, status: string) => ({
    id: 'dp_1', object: 'dispute', amount: 5000, currency: 'eur', charge: 'ch_1', payment_intent: paymentIntentId, reason: 'fraudulent', status,
  })

  it('delivers signed dispute events that map to dispute_opened and dispute_closed won/lost', async () => {
    const { paymentIntentId } = await paidCheckout(5000)
    const opened = await fake.sendEvent('charge.dispute.created', dispute(paymentIntentId, 'needs_response'))
    expect(opened.delivery.result).toEqual({ status: 200 })
    expect(merchant.applied.at(-1)).toEqual({ kind: 'dispute_opened', providerPaymentId: paymentIntentId, amountMinor: 5000, currency: 'eur', disputeStatus: 'needs_response', disputeId: 'dp_1' })

    await fake.sendEvent('charge.dispute.closed', dispute(paymentIntentId, 'won'))
    expect(merchant.applied.at(-1)).toMatchObject({ kind: 'dispute_closed', disputeStatus: 'won', providerPaymentId: paymentIntentId })
    await fake.sendEvent('charge.dispute.closed', dispute(paymentIntentId, 'lost'))
    expect(merchant.applied.at(-1)).toMatchObject({ kind: 'dispute_closed', disputeStatus: 'lost' })
  })

  it('is rejected by a merchant holding another webhook secret', async () => {
    const stranger = await startTestMerchant('whsec_not_the_fakes_secret')
    const url = fake.webhookUrl
    fake.webhookUrl = stranger.webhookUrl
    try {
      const { delivery } = await fake.sendEvent('charge.dispute.created', dispute('pi_1', 'needs_response'))
      expect(delivery.result).toEqual({ status: 400 })
      expect(stranger.received[0]?.verification).toEqual({ valid: false, reason: 'bad_signature' })
      expect(stranger.applied).toHaveLength(0)
    }
    finally {
      fake.webhookUrl = url
      await stranger.stop()
    }
  })
})
