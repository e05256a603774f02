import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStripeCheckout } from './checkout'
import { createStripeClient, STRIPE_API_VERSION } from './client'
import { FAKE_WEBHOOK_URL_PATH, type FakeStripe, startFakeStripe } from './fake-server'
import { TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from './fixtures/keys'
import { bookingCheckoutRequest } from './testing/booking-checkout'
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

function api(path: string, init: { method?: string, body?: string, key?: string | null, headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...init.headers }
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? TEST_SECRET_KEY}`
  return fetch(`${fake.url}${path}`, { method: init.method ?? 'POST', headers, body: init.body })
}

const SESSION_BODY = 'mode=payment&line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=700'
  + '&line_items[0][price_data][product_data][name]=Tea&line_items[0][quantity]=3&success_url=http%3A%2F%2Fshop.test%2Fok'

describe('fake Stripe wire protocol', () => {
  it('lets a test in another process say where events go, at its own PUT /_fake/webhook-url', async () => {
    const before = fake.webhookUrl
    expect((await fetch(`${fake.url}${FAKE_WEBHOOK_URL_PATH}`, { method: 'PUT', body: 'http://127.0.0.1:9/hooks/stripe' })).status).toBe(204)
    expect(fake.webhookUrl).toBe('http://127.0.0.1:9/hooks/stripe')
    await fetch(`${fake.url}${FAKE_WEBHOOK_URL_PATH}`, { method: 'PUT', body: '' })
    expect(fake.webhookUrl).toBeUndefined()
    fake.webhookUrl = before
  })

  it('lists Checkout Sessions newest first, as many as `limit` asks', async () => {
    await createStripeCheckout(client, bookingCheckoutRequest({ idempotencyKey: 'list-1', paymentId: 'pay_list_1' }))
    const newest = await createStripeCheckout(client, bookingCheckoutRequest({ idempotencyKey: 'list-2', paymentId: 'pay_list_2' }))
    const listed = await client.checkout.sessions.list({ limit: 1 })
    expect(listed.data.map(session => session.id)).toEqual([newest.sessionId])
    expect(listed.has_more).toBe(true)
  })

  it('answers 401 with Stripe\'s error shape for a missing or malformed key', async () => {
    const missing = await api('/v1/checkout/sessions', { key: null, body: SESSION_BODY })
    expect(missing.status).toBe(401)
    expect(await missing.json()).toEqual({ error: { type: 'invalid_request_error', code: 'api_key_missing', message: expect.stringContaining('did not provide an API key') } })

    const malformed = await api('/v1/checkout/sessions', { key: 'pk_test_abcdefghijkl', body: SESSION_BODY })
    expect(malformed.status).toBe(401)
    const body = await malformed.json() as { error: { message: string } }
    expect(body).toMatchObject({ error: { type: 'invalid_request_error', code: 'api_key_invalid' } })
    expect(body.error.message).not.toContain('pk_test_abcdefghijkl')
  })

  it('parses a form body, multiplies quantity and answers with request-id and Stripe-Version headers', async () => {
    const response = await api('/v1/checkout/sessions', { body: SESSION_BODY, headers: { 'stripe-version': STRIPE_API_VERSION } })
    expect(response.status).toBe(200)
    expect(response.headers.get('request-id')).toMatch(/^req_/)
    expect(response.headers.get('stripe-version')).toBe(STRIPE_API_VERSION)
    expect(await response.json()).toMatchObject({ object: 'checkout.session', amount_total: 2100, currency: 'eur', status: 'open', cancel_url: null })
  })

  it('replays a stored reply with Idempotent-Replayed, and refuses the key with other params', async () => {
    const headers = { 'idempotency-key': 'raw-key-1' }
    const first = await api('/v1/checkout/sessions', { body: SESSION_BODY, headers })
    const again = await api('/v1/checkout/sessions', { body: SESSION_BODY, headers })
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())

    // The same params in another order are the same request.
    const reordered = SESSION_BODY.split('&').reverse().join('&')
    expect((await api('/v1/checkout/sessions', { body: reordered, headers })).headers.get('idempotent-replayed')).toBe('true')

    const other = await api('/v1/checkout/sessions', { body: SESSION_BODY.replace('=700', '=800'), headers })
    expect(other.status).toBe(400)
    expect(await other.json()).toMatchObject({ error: { type: 'idempotency_error', message: expect.stringContaining('same parameters') } })
  })

  it('does not keep a key whose request failed validation, like Stripe', async () => {
    const headers = { 'idempotency-key': 'raw-key-2' }
    expect((await api('/v1/checkout/sessions', { body: 'mode=payment', headers })).status).toBe(400)
    expect((await api('/v1/checkout/sessions', { body: SESSION_BODY, headers })).status).toBe(200)
  })

  it('answers 400 with a param for invalid sessions', async () => {
    const cases: [string, string][] = [
      [SESSION_BODY.replace('mode=payment', 'mode=subscription'), 'mode'],
      [SESSION_BODY.replace('mode=payment&', ''), 'mode'],
      ['mode=payment&success_url=http%3A%2F%2Fshop.test%2Fok', 'line_items'],
      [SESSION_BODY.replace('=700', '=7.5'), 'line_items[0][price_data][unit_amount]'],
      [SESSION_BODY.replace('currency]=eur', 'currency]=EURO'), 'line_items[0][price_data][currency]'],
      [SESSION_BODY.replace('&success_url=http%3A%2F%2Fshop.test%2Fok', ''), 'success_url'],
      [`${SESSION_BODY}&expires_at=${Math.floor(Date.now() / 1000) + 25 * 3600}`, 'expires_at'],
      [`${SESSION_BODY}&metadata=oops`, 'metadata'],
    ]
    for (const [body, param] of cases) {
      const response = await api('/v1/checkout/sessions', { body })
      expect(response.status, body).toBe(400)
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param } })
    }
    const conflicting = await api('/v1/checkout/sessions', { body: `${SESSION_BODY}&metadata=1&metadata[a]=2` })
    expect(conflicting.status).toBe(400)
  })

  it('answers unknown routes and ids with Stripe-shaped 404s', async () => {
    const route = await api('/v1/customers', { body: '' })
    expect(route.status).toBe(404)
    expect(await route.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'url_invalid' } })
    const id = await api('/v1/payment_intents/pi_missing', { method: 'GET' })
    expect(id.status).toBe(404)
    expect(await id.json()).toMatchObject({ error: { code: 'resource_missing' } })
    expect((await fetch(`${fake.url}/elsewhere`)).status).toBe(404)
  })

  it('refuses bodies over 64 KiB with 413 and keeps serving', async () => {
    const response = await api('/v1/checkout/sessions', { body: `a=${'x'.repeat(70 * 1024)}` }).catch(() => undefined)
    if (response !== undefined) expect(response.status).toBe(413)
    expect((await api('/v1/checkout/sessions', { body: SESSION_BODY })).status).toBe(200)
  })
})

describe('fake Stripe through the SDK', () => {
  it('expires an open session on POST /v1/checkout/sessions/:id/expire, once', async () => {
    const checkout = await createStripeCheckout(client, bookingCheckoutRequest())
    const expired = await client.checkout.sessions.expire(checkout.sessionId)
    expect(expired).toMatchObject({ id: checkout.sessionId, status: 'expired', url: null })
    expect(merchant.applied.at(-1)).toMatchObject({ kind: 'expired', checkoutSessionId: checkout.sessionId })
    await expect(client.checkout.sessions.expire(checkout.sessionId)).rejects.toMatchObject({ statusCode: 400 })
  })

  it('retrieves the PaymentIntent of a paid session', async () => {
    const checkout = await createStripeCheckout(client, bookingCheckoutRequest({ amountMinor: 999 }))
    await pressOnHostedPage(checkout.url, 'paid')
    const session = await client.checkout.sessions.retrieve(checkout.sessionId)
    const intent = await client.paymentIntents.retrieve(session.payment_intent as string)
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 999, amount_received: 999, currency: 'eur' })
    expect(intent.latest_charge).toMatch(/^ch_/)
  })

  it('sends pretty-printed events signed over the exact bytes, with the pinned api_version', async () => {
    const { event } = await fake.sendEvent('customer.created', { id: 'cus_1', object: 'customer' })
    const delivery = merchant.received.at(-1)!
    expect(delivery.rawBody).toBe(JSON.stringify(event, null, 2))
    expect(JSON.parse(delivery.rawBody)).toMatchObject({ object: 'event', api_version: STRIPE_API_VERSION, type: 'customer.created', livemode: false })
    expect(merchant.applied.at(-1)).toEqual({ kind: 'ignored' })
  })
})

describe('fake Stripe hosted page', () => {
  it('escapes the product name and refuses unknown sessions and outcomes', async () => {
    const checkout = await createStripeCheckout(client, bookingCheckoutRequest({ description: '<script>alert(1)</script>' }))
    const html = await (await fetch(checkout.url)).text()
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')

    expect((await fetch(`${fake.url}/pay/cs_test_unknown`)).status).toBe(404)
    const badOutcome = await fetch(checkout.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=maybe' })
    expect(badOutcome.status).toBe(400)
    expect((await fetch(checkout.url, { method: 'DELETE' })).status).toBe(405)
  })

  it('shows a completed session as gone (410)', async () => {
    const checkout = await createStripeCheckout(client, bookingCheckoutRequest())
    await pressOnHostedPage(checkout.url, 'paid')
    expect((await fetch(checkout.url)).status).toBe(410)
  })
})

describe('fake Stripe deliveries', () => {
  it('records deliveries it could not make and skips them without a webhookUrl', async () => {
    const quiet = await startFakeStripe({ webhookSecret: TEST_WEBHOOK_SECRET })
    try {
      expect((await quiet.sendEvent('charge.dispute.created', { id: 'dp_1' })).delivery.result).toEqual({ skipped: 'no webhookUrl' })
      quiet.webhookUrl = 'http://127.0.0.1:1/nowhere'
      expect((await quiet.sendEvent('charge.dispute.created', { id: 'dp_1' })).delivery.result).toHaveProperty('error')
      expect(quiet.deliveries).toHaveLength(2)
      await expect(quiet.redeliverEvent('evt_unknown')).rejects.toThrow(/has not sent/)
    }
    finally {
      await quiet.stop()
    }
  })
})
