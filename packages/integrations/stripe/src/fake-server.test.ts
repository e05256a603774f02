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
      [SESSION_BODY.replace('mode=payment', 'mode=setup'), 'mode'],
      [SESSION_BODY.replace('mode=payment', 'mode=subscription'), 'line_items[0][price_data][recurring]'],
      [`${SESSION_BODY}&line_items[0][price_data][recurring][interval]=month`, 'line_items[0][price_data][recurring]'],
      [`${SESSION_BODY}&subscription_data[metadata][a]=1`, 'subscription_data'],
      [`${SESSION_BODY}&customer=cus_missing`, 'customer'],
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
    const route = await api('/v1/payouts', { body: '' })
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

const SUBSCRIPTION_SESSION_BODY = SESSION_BODY.replace('mode=payment', 'mode=subscription').replace('quantity]=3', 'quantity]=1')
  + '&line_items[0][price_data][recurring][interval]=month&subscription_data[metadata][project_id]=prj_1'

describe('fake Stripe billing wire protocol', () => {
  it('answers 400 with a param for invalid subscription sessions', async () => {
    const cases: [string, string][] = [
      [SUBSCRIPTION_SESSION_BODY.replace('[interval]=month', '[interval]=fortnight'), 'line_items[0][price_data][recurring][interval]'],
      [`${SUBSCRIPTION_SESSION_BODY.replace('[interval]=month', '[interval]=year')}&line_items[0][price_data][recurring][interval_count]=4`, 'line_items[0][price_data][recurring][interval_count]'],
      [`${SUBSCRIPTION_SESSION_BODY}&payment_intent_data[metadata][a]=1`, 'payment_intent_data'],
      ['mode=subscription&line_items[0][price]=price_missing&success_url=http%3A%2F%2Fshop.test%2Fok', 'line_items[0][price]'],
    ]
    for (const [body, param] of cases) {
      const response = await api('/v1/checkout/sessions', { body })
      expect(response.status, body).toBe(400)
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param } })
    }
    const customer = await client.customers.create({ email: 'both@example.test' })
    const both = await api('/v1/checkout/sessions', { body: `${SUBSCRIPTION_SESSION_BODY}&customer=${customer.id}&customer_email=both%40example.test` })
    expect(both.status).toBe(400)
    const oneTime = await client.prices.create({ currency: 'eur', unit_amount: 100, product_data: { name: 'Once' } })
    const withOneTime = await api('/v1/checkout/sessions', { body: `mode=subscription&line_items[0][price]=${oneTime.id}&success_url=http%3A%2F%2Fshop.test%2Fok` })
    expect(await withOneTime.json()).toMatchObject({ error: { param: 'line_items[0][price]', message: expect.stringContaining('recurring') } })
  })

  it('validates customers, prices, subscriptions and portal sessions with Stripe-shaped 400s', async () => {
    const cases: [string, string, string][] = [
      ['/v1/customers', 'email=not-an-email', 'email'],
      ['/v1/prices', 'currency=eur&unit_amount=100', 'product'],
      ['/v1/prices', 'currency=eur&unit_amount=-1&product_data[name]=X', 'unit_amount'],
      ['/v1/prices', 'currency=eur&unit_amount=1&product_data[name]=X&recurring[interval]=hour', 'recurring[interval]'],
      ['/v1/subscriptions', 'items[0][price]=price_1', 'customer'],
      ['/v1/subscriptions', 'customer=cus_missing&items[0][price]=price_1', 'customer'],
      ['/v1/billing_portal/sessions', 'return_url=http%3A%2F%2Fshop.test', 'customer'],
      ['/v1/billing_portal/sessions', 'customer=cus_missing', 'customer'],
    ]
    for (const [path, body, param] of cases) {
      const response = await api(path, { body })
      expect(response.status, `${path} ${body}`).toBe(400)
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param } })
    }
    const customer = await client.customers.create({})
    const badReturn = await api('/v1/billing_portal/sessions', { body: `customer=${customer.id}&return_url=javascript%3Aalert(1)` })
    expect(await badReturn.json()).toMatchObject({ error: { param: 'return_url' } })
    const oneTime = await client.prices.create({ currency: 'eur', unit_amount: 100, product_data: { name: 'Once' } })
    const subscription = await api('/v1/subscriptions', { body: `customer=${customer.id}&items[0][price]=${oneTime.id}` })
    expect(await subscription.json()).toMatchObject({ error: { param: 'items[0][price]' } })
    expect((await api('/v1/subscriptions/sub_missing', { method: 'DELETE' })).status).toBe(404)
    expect((await api('/v1/invoices/in_missing', { method: 'GET' })).status).toBe(404)
  })

  it('updates metadata with previous_attributes, an empty value removing the key', async () => {
    const customer = await client.customers.create({})
    const price = await client.prices.create({ currency: 'eur', unit_amount: 300, recurring: { interval: 'day' }, product_data: { name: 'Daily' } })
    const created = await client.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: { a: '1', b: '2' } })
    expect(created.items.data[0]!.current_period_end - created.items.data[0]!.current_period_start).toBe(86_400)
    const invoice = await client.invoices.retrieve(created.latest_invoice as string)
    expect(invoice.parent).toEqual({ type: 'subscription_details', quote_details: null, subscription_details: { subscription: created.id, metadata: { a: '1', b: '2' } } })
    expect(invoice).not.toHaveProperty('subscription')

    const updated = await client.subscriptions.update(created.id, { metadata: { a: '', c: '3' } })
    expect(updated.metadata).toEqual({ b: '2', c: '3' })
    const event = fake.events.at(-1)!
    expect(event).toMatchObject({ type: 'customer.subscription.updated', api_version: STRIPE_API_VERSION, data: { previous_attributes: { metadata: { a: '1', c: null } } } })
    const unchanged = fake.events.length
    await client.subscriptions.update(created.id, { metadata: { b: '2' } })
    expect(fake.events).toHaveLength(unchanged)
    expect(await api(`/v1/subscriptions/${created.id}`, { body: 'cancel_at_period_end=maybe' }).then(response => response.json())).toMatchObject({ error: { param: 'cancel_at_period_end' } })
  })
})

describe('fake Stripe customer portal page', () => {
  it('shows an empty state, escapes names and refuses other customers\' subscriptions', async () => {
    const owner = await client.customers.create({})
    const other = await client.customers.create({})
    const price = await client.prices.create({ currency: 'eur', unit_amount: 300, recurring: { interval: 'month' }, product_data: { name: '<b>Plan</b>' } })
    const portal = await client.billingPortal.sessions.create({ customer: owner.id, return_url: 'http://shop.test/account' })
    expect(portal).toMatchObject({ object: 'billing_portal.session', id: expect.stringMatching(/^bps_/), customer: owner.id, return_url: 'http://shop.test/account' })
    const empty = await (await fetch(portal.url)).text()
    expect(empty).toMatch(/<title>[^<]+<\/title>/)
    expect(empty).toContain('You have no subscriptions.')

    await client.subscriptions.create({ customer: owner.id, items: [{ price: price.id }] })
    const theirs = await client.subscriptions.create({ customer: other.id, items: [{ price: price.id }] })
    const html = await (await fetch(portal.url)).text()
    expect(html).toContain('&lt;b&gt;Plan&lt;/b&gt;')
    expect(html).not.toContain(theirs.id)

    const sent = fake.events.length
    const foreign = await fetch(portal.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `subscription=${theirs.id}`, redirect: 'manual' })
    expect(foreign.status).toBe(404)
    expect(await foreign.text()).toContain('role="alert"')
    expect(fake.events).toHaveLength(sent)
    expect(fake.subscriptions.get(theirs.id)!.cancel_at_period_end).toBe(false)
    expect((await fetch(portal.url, { method: 'DELETE' })).status).toBe(405)
    expect((await fetch(`${fake.url}/portal/bps_unknown`)).status).toBe(404)
  })

  it('answers its test-only period routes with 404 for unknown subscriptions', async () => {
    const response = await fetch(`${fake.url}/_fake/subscriptions/sub_missing/renew`, { method: 'POST' })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'resource_missing' } })
    await expect(fake.failSubscriptionPayment('sub_missing')).rejects.toThrow(/no subscription/)
  })
})
