import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clampCheckoutExpiry, createStripeCheckout, expireStripeCheckout, findStripeCheckout } from './checkout'
import { createStripeClient, STRIPE_API_VERSION } from './client'
import { StripeRequestError } from './errors'
import { type FakeStripe, startFakeStripe } from './fake-server'
import { TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from './fixtures/keys'
import { bookingCheckoutRequest, CANCEL_URL } from './testing/booking-checkout'
import { pressOnHostedPage, startTestMerchant, type TestMerchant } from './testing/test-merchant'

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

const nowSeconds = () => Math.floor(Date.now() / 1000)

describe('createStripeCheckout through the SDK', () => {
  it('creates a payment session with the amount, currency, metadata and expiry asked for', async () => {
    const request = bookingCheckoutRequest({ amountMinor: 2350, currency: 'EUR' })
    const checkout = await createStripeCheckout(client, request)

    expect(checkout.sessionId).toMatch(/^cs_test_/)
    expect(checkout.url).toBe(`${fake.url}/pay/${checkout.sessionId}`)
    expect(checkout.expiresAt.getTime()).toBe(Math.floor(request.expiresAt.getTime() / 1000) * 1000)
    expect(fake.sessions.get(checkout.sessionId)).toMatchObject({
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 2350,
      currency: 'eur',
      metadata: { booking_id: 'b_42', payment_id: request.paymentId },
      client_reference_id: request.paymentId,
      customer_email: 'ana@example.test',
      cancel_url: CANCEL_URL,
      expires_at: Math.floor(request.expiresAt.getTime() / 1000),
      payment_intent: null,
    })
    const call = fake.requests.at(-1)
    expect(call).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', status: 200, idempotencyKey: request.idempotencyKey, stripeVersion: STRIPE_API_VERSION })
  })

  it('leaves customer_email out when there is none', async () => {
    const checkout = await createStripeCheckout(client, bookingCheckoutRequest({ customerEmail: undefined }))
    expect(fake.sessions.get(checkout.sessionId)?.customer_email).toBeNull()
  })

  it('returns the same session when the same request is replayed with its idempotency key', async () => {
    const request = bookingCheckoutRequest()
    const first = await createStripeCheckout(client, request)
    const count = fake.sessions.size
    const again = await createStripeCheckout(client, request)
    expect(again).toEqual(first)
    expect(fake.sessions.size).toBe(count)
    expect(fake.requests.at(-1)).toMatchObject({ replayed: true, idempotencyKey: request.idempotencyKey })
  })

  it('refuses the same idempotency key with a different request, as Stripe does', async () => {
    const request = bookingCheckoutRequest()
    await createStripeCheckout(client, request)
    const error = await createStripeCheckout(client, { ...request, amountMinor: 9999 }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(StripeRequestError)
    expect(error).toMatchObject({ statusCode: 400, type: 'idempotency_error' })
  })

  it('clamps an expiry under 30 minutes up, and one over 24 hours down, so Stripe accepts it', async () => {
    const soon = await createStripeCheckout(client, bookingCheckoutRequest({ expiresAt: new Date(Date.now() + 5 * 60 * 1000) }))
    const soonExpiry = fake.sessions.get(soon.sessionId)!.expires_at
    expect(soonExpiry).toBeGreaterThanOrEqual(nowSeconds() + 30 * 60)
    expect(soon.expiresAt.getTime()).toBe(soonExpiry * 1000)

    const late = await createStripeCheckout(client, bookingCheckoutRequest({ expiresAt: new Date(Date.now() + 48 * 3600 * 1000) }))
    expect(fake.sessions.get(late.sessionId)!.expires_at).toBeLessThanOrEqual(nowSeconds() + 24 * 3600)
  })

  it('refuses bad input before calling Stripe', async () => {
    const before = fake.requests.length
    for (const overrides of [{ amountMinor: 0 }, { amountMinor: 12.5 }, { currency: 'euro' }, { paymentId: '' }, { idempotencyKey: 'k'.repeat(256) }]) {
      await expect(createStripeCheckout(client, bookingCheckoutRequest(overrides))).rejects.toThrow(/amountMinor|currency|paymentId|idempotencyKey/)
    }
    await expect(createStripeCheckout(client, bookingCheckoutRequest({ expiresAt: new Date(Number.NaN) }))).rejects.toThrow(RangeError)
    expect(fake.requests.length).toBe(before)
  })
})

describe('clampCheckoutExpiry', () => {
  const now = new Date('2026-11-01T10:00:00Z')
  const base = now.getTime() / 1000

  it('keeps a time inside the window', () => {
    expect(clampCheckoutExpiry(new Date('2026-11-01T12:00:00Z'), now)).toBe(base + 7200)
  })

  it('moves too early and too late times to the window, with a minute of slack', () => {
    expect(clampCheckoutExpiry(new Date('2026-11-01T10:10:00Z'), now)).toBe(base + 31 * 60)
    expect(clampCheckoutExpiry(new Date('2026-10-01T00:00:00Z'), now)).toBe(base + 31 * 60)
    expect(clampCheckoutExpiry(new Date('2026-11-05T00:00:00Z'), now)).toBe(base + 24 * 3600 - 60)
  })
})

describe('the fake enforces what the clamp protects against', () => {
  it('answers 400 on expires_at under 30 minutes, like Stripe', async () => {
    const error = await client.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 }],
      success_url: 'http://shop.test/ok',
      expires_at: nowSeconds() + 60,
    }).catch((failure: unknown) => failure)
    expect(error).toMatchObject({ statusCode: 400, rawType: 'invalid_request_error', param: 'expires_at' })
  })
})

describe('paying on the hosted page', () => {
  it('completes the session, sends a signed checkout.session.completed and redirects to success_url', async () => {
    const request = bookingCheckoutRequest({ amountMinor: 4200 })
    const checkout = await createStripeCheckout(client, request)
    const applied = merchant.applied.length

    const result = await pressOnHostedPage(checkout.url, 'paid')
    expect(result.pageHtml).toContain('Deposit — Haircut')
    expect(result.pageHtml).toContain('42.00 EUR')
    expect(result.status).toBe(302)
    expect(result.location).toBe(`http://shop.test/bookings/b_42/paid?session=${checkout.sessionId}`)

    const delivery = merchant.received.at(-1)!
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(delivery.verification).toMatchObject({ valid: true, event: { type: 'checkout.session.completed', livemode: false } })
    expect(merchant.applied).toHaveLength(applied + 1)
    const state = await findStripeCheckout(client, checkout.sessionId)
    expect(merchant.applied.at(-1)).toEqual({
      kind: 'paid',
      paymentId: request.paymentId,
      bookingId: 'b_42',
      providerPaymentId: state.paymentIntentId,
      checkoutSessionId: checkout.sessionId,
      amountMinor: 4200,
      currency: 'eur',
    })
    expect(state).toEqual({
      status: 'complete',
      paymentStatus: 'paid',
      paymentIntentId: expect.stringMatching(/^pi_/),
      amountTotal: 4200,
      currency: 'eur',
      metadata: { booking_id: 'b_42', payment_id: request.paymentId },
    })
    // The booking ids travel to the PaymentIntent too, for refunds and disputes.
    expect(fake.paymentIntents.get(state.paymentIntentId!)).toMatchObject({ status: 'succeeded', amount: 4200, metadata: { booking_id: 'b_42', payment_id: request.paymentId } })
  })

  it('a declined card keeps the session open and sends nothing; paying afterwards works', async () => {
    const checkout = await createStripeCheckout(client, bookingCheckoutRequest())
    const received = merchant.received.length

    const failed = await pressOnHostedPage(checkout.url, 'failed')
    expect(failed.status).toBe(200)
    expect(failed.resultHtml).toContain('declined')
    expect(merchant.received).toHaveLength(received)
    expect(await findStripeCheckout(client, checkout.sessionId)).toMatchObject({ status: 'open', paymentStatus: 'unpaid', paymentIntentId: expect.stringMatching(/^pi_/) })

    const paid = await fake.completeCheckout(checkout.sessionId, { outcome: 'paid' })
    expect(paid.delivery?.result).toEqual({ status: 200 })
    expect(merchant.applied.at(-1)).toMatchObject({ kind: 'paid', checkoutSessionId: checkout.sessionId })
    await expect(pressOnHostedPage(checkout.url, 'paid')).rejects.toThrow(/no paid button/)
  })

  it('an expired session sends checkout.session.expired and can no longer be paid', async () => {
    const request = bookingCheckoutRequest()
    const checkout = await createStripeCheckout(client, request)
    await fake.expireCheckout(checkout.sessionId)
    expect(merchant.applied.at(-1)).toEqual({ kind: 'expired', paymentId: request.paymentId, bookingId: 'b_42', checkoutSessionId: checkout.sessionId, amountMinor: 5000, currency: 'eur' })
    expect(await findStripeCheckout(client, checkout.sessionId)).toMatchObject({ status: 'expired', paymentStatus: 'unpaid' })
    expect((await fetch(checkout.url)).status).toBe(410)
    await expect(fake.completeCheckout(checkout.sessionId, { outcome: 'paid' })).rejects.toThrow(/expired/)
  })

  it('a redelivered event verifies again and the merchant applies it only once', async () => {
    const checkout = await createStripeCheckout(client, bookingCheckoutRequest())
    const { delivery } = await fake.completeCheckout(checkout.sessionId, { outcome: 'paid' })
    const applied = merchant.applied.length
    await fake.redeliverEvent(delivery!.eventId)
    expect(merchant.received.at(-1)).toMatchObject({ verification: { valid: true }, duplicate: true })
    expect(merchant.applied).toHaveLength(applied)
  })
})

describe('expireStripeCheckout', () => {
  it('closes an open session once; a paid, expired or unknown one is not_open or a resource_missing error', async () => {
    const open = await createStripeCheckout(client, bookingCheckoutRequest({ idempotencyKey: 'expire-open-1' }))
    expect(await expireStripeCheckout(client, open.sessionId)).toBe('expired')
    expect(fake.sessions.get(open.sessionId)!.status).toBe('expired')
    expect(await expireStripeCheckout(client, open.sessionId)).toBe('not_open')
    const paid = await createStripeCheckout(client, bookingCheckoutRequest({ idempotencyKey: 'expire-paid-1' }))
    await pressOnHostedPage(paid.url, 'paid')
    expect(await expireStripeCheckout(client, paid.sessionId)).toBe('not_open')
    expect(fake.sessions.get(paid.sessionId)!.status).toBe('complete')
    await expect(expireStripeCheckout(client, 'cs_test_unknown')).rejects.toMatchObject({ code: 'resource_missing' })
  })
})

describe('findStripeCheckout', () => {
  it('throws resource_missing for an unknown session', async () => {
    const error = await findStripeCheckout(client, 'cs_test_nope').catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(StripeRequestError)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })
})
