import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  cancelStripeSubscription,
  createStripePortalSession,
  createStripeSubscriptionCheckout,
  retrieveStripeSubscription,
  type StripeSubscriptionCheckoutRequest,
} from './billing'
import { createStripeClient } from './client'
import { StripeRequestError } from './errors'
import { type FakeStripe, startFakeStripe } from './fake-server'
import { TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from './fixtures/keys'
import { subscriptionFromStripeEvent } from './subscription-event'
import { pressOnHostedPage, startTestMerchant, type TestMerchant } from './testing/test-merchant'

let fake: FakeStripe
let merchant: TestMerchant
let client: Stripe
let seen = 0

beforeAll(async () => {
  merchant = await startTestMerchant(TEST_WEBHOOK_SECRET)
  fake = await startFakeStripe({ webhookSecret: TEST_WEBHOOK_SECRET, webhookUrl: merchant.webhookUrl })
  client = createStripeClient({ secretKey: TEST_SECRET_KEY, baseUrl: fake.url })
})

afterAll(async () => {
  await fake.stop()
  await merchant.stop()
})

beforeEach(() => {
  seen = merchant.received.length
})

/** The deliveries since the test began, each verified by the merchant and then summarised. */
function newEvents() {
  const fresh = merchant.received.slice(seen)
  seen = merchant.received.length
  return fresh.map((delivery) => {
    if (!delivery.verification.valid) throw new Error(`a delivery did not verify: ${delivery.verification.reason}`)
    const { event } = delivery.verification
    return { type: event.type, raw: JSON.parse(delivery.rawBody) as { data: { previous_attributes?: Record<string, unknown> } }, summary: subscriptionFromStripeEvent(event) }
  })
}

const PRO_PLAN: StripeSubscriptionCheckoutRequest = {
  priceData: { currency: 'EUR', unitAmountMinor: 1900, interval: 'month', productName: 'Flectar Pro' },
  successUrl: 'http://admin.test/billing/done?session={CHECKOUT_SESSION_ID}',
  cancelUrl: 'http://admin.test/billing',
  customerEmail: 'owner@example.test',
  clientReferenceId: 'org_3',
  metadata: { organisation_id: 'org_3' },
  subscriptionMetadata: { organisation_id: 'org_3', plan_id: 'plan_pro' },
}

/** One interval later in UTC, keeping the day of the month where it exists (as the fake and Stripe do). */
function oneMonthAfter(epochSeconds: number): number {
  const start = new Date(epochSeconds * 1000)
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 0)).getUTCDate()
  const next = new Date(start)
  next.setUTCFullYear(start.getUTCFullYear(), start.getUTCMonth() + 1, Math.min(start.getUTCDate(), lastDay))
  return next.getTime() / 1000
}

/** Subscribes through Checkout and the hosted page; returns the new subscription id. */
async function subscribe(request: StripeSubscriptionCheckoutRequest = PRO_PLAN): Promise<string> {
  const checkout = await createStripeSubscriptionCheckout(client, request)
  const pressed = await pressOnHostedPage(checkout.url, 'paid')
  expect(pressed.status).toBe(302)
  const subscriptionId = fake.sessions.get(checkout.id)!.subscription!
  newEvents()
  return subscriptionId
}

describe('subscription checkout through the SDK and the fake', () => {
  it('creates a subscription-mode session, and paying sends created, invoice.paid and completed, signed', async () => {
    const checkout = await createStripeSubscriptionCheckout(client, PRO_PLAN)
    expect(checkout.id).toMatch(/^cs_test_/)
    expect(checkout.expiresAt.getTime()).toBeGreaterThan(Date.now())
    expect(fake.sessions.get(checkout.id)).toMatchObject({ mode: 'subscription', amount_total: 1900, currency: 'eur', customer_email: 'owner@example.test', client_reference_id: 'org_3' })
    expect(await (await fetch(checkout.url)).text()).toContain('19.00 EUR every month')

    const pressed = await pressOnHostedPage(checkout.url, 'paid')
    expect(pressed.location).toBe(`http://admin.test/billing/done?session=${checkout.id}`)

    const events = newEvents()
    expect(events.map(event => event.type)).toEqual(['customer.subscription.created', 'invoice.paid', 'checkout.session.completed'])
    const session = fake.sessions.get(checkout.id)!
    expect(session).toMatchObject({ status: 'complete', payment_status: 'paid', customer: expect.stringMatching(/^cus_/), subscription: expect.stringMatching(/^sub_/), invoice: expect.stringMatching(/^in_/) })
    const subscription = fake.subscriptions.get(session.subscription!)!
    const item = subscription.items.data[0]!
    expect(item.current_period_end).toBe(oneMonthAfter(item.current_period_start))
    expect(fake.customers.get(session.customer!)).toMatchObject({ email: 'owner@example.test' })

    const [created, paid, completed] = events.map(event => event.summary)
    const common = { subscriptionId: subscription.id, customerId: session.customer, metadata: { organisation_id: 'org_3', plan_id: 'plan_pro' } }
    expect(created).toEqual({
      kind: 'subscription_changed',
      ...common,
      status: 'active',
      currentPeriodEnd: new Date(item.current_period_end * 1000),
      cancelAtPeriodEnd: false,
      priceId: item.price.id,
    })
    expect(paid).toMatchObject({ kind: 'invoice_paid', ...common, invoiceId: session.invoice, amountPaidMinor: 1900, currency: 'eur' })
    expect(completed).toMatchObject({ kind: 'checkout_completed', ...common, metadata: { organisation_id: 'org_3' }, invoiceId: session.invoice, checkoutSessionId: checkout.id, clientReferenceId: 'org_3' })
  })

  it('subscribes an existing customer to a price created with POST /v1/prices', async () => {
    const customer = await client.customers.create({ email: 'member@example.test', metadata: { member_id: 'm_1' } })
    const price = await client.prices.create({ currency: 'eur', unit_amount: 500, recurring: { interval: 'week', interval_count: 2 }, product_data: { name: 'Yoga pass' } })
    expect(price).toMatchObject({ object: 'price', type: 'recurring', recurring: { interval: 'week', interval_count: 2 } })
    const subscriptionId = await subscribe({ ...PRO_PLAN, priceData: undefined, priceId: price.id, customerEmail: undefined, customerId: customer.id })

    const state = await retrieveStripeSubscription(client, subscriptionId)
    const item = fake.subscriptions.get(subscriptionId)!.items.data[0]!
    expect(item.current_period_end - item.current_period_start).toBe(14 * 86_400)
    expect(state).toEqual({
      subscriptionId,
      customerId: customer.id,
      status: 'active',
      currentPeriodEnd: new Date(item.current_period_end * 1000),
      cancelAtPeriodEnd: false,
      priceId: price.id,
      metadata: { organisation_id: 'org_3', plan_id: 'plan_pro' },
    })
  })

  it('refuses bad requests before calling Stripe, and reports Stripe refusals as StripeRequestError', async () => {
    const bad: [Partial<StripeSubscriptionCheckoutRequest>, RegExp][] = [
      [{ customerId: 'cus_1' }, /not both/],
      [{ priceData: { ...PRO_PLAN.priceData!, interval: 'fortnight' as 'week' } }, /interval/],
      [{ priceData: { ...PRO_PLAN.priceData!, intervalCount: 37 } }, /intervalCount/],
      [{ priceData: { ...PRO_PLAN.priceData!, unitAmountMinor: 19.5 } }, /unitAmountMinor/],
      [{ priceData: undefined, priceId: 'prod_1' }, /price_/],
      [{ subscriptionMetadata: { 'a[b]': 'x' } }, /subscriptionMetadata/],
    ]
    for (const [overrides, message] of bad) {
      await expect(createStripeSubscriptionCheckout(client, { ...PRO_PLAN, ...overrides } as StripeSubscriptionCheckoutRequest)).rejects.toThrow(message)
    }
    const unknownPrice = createStripeSubscriptionCheckout(client, { ...PRO_PLAN, priceData: undefined, priceId: 'price_missing' })
    await expect(unknownPrice).rejects.toBeInstanceOf(StripeRequestError)
    await expect(unknownPrice).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'line_items[0][price]' })
    await expect(retrieveStripeSubscription(client, 'sub_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' })
    await expect(retrieveStripeSubscription(client, 'cus_1')).rejects.toThrow(TypeError)
  })
})

describe('renewals and failed payments', () => {
  it('renew moves the period end one interval and sends invoice.paid, then customer.subscription.updated', async () => {
    const subscriptionId = await subscribe()
    const before = fake.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end

    // Over HTTP, as a test in another process would.
    const response = await fetch(`${fake.url}/_fake/subscriptions/${subscriptionId}/renew`, { method: 'POST' })
    expect(response.status).toBe(200)
    const result = await response.json() as { invoice: { id: string, status: string, billing_reason: string } }
    expect(result.invoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle' })

    const events = newEvents()
    expect(events.map(event => event.type)).toEqual(['invoice.paid', 'customer.subscription.updated'])
    expect(events[0]!.summary).toMatchObject({ kind: 'invoice_paid', subscriptionId, invoiceId: result.invoice.id, amountPaidMinor: 1900 })
    expect(events[1]!.summary).toMatchObject({ kind: 'subscription_changed', status: 'active', currentPeriodEnd: new Date(oneMonthAfter(before) * 1000) })
    expect(events[1]!.raw.data.previous_attributes).toMatchObject({ items: { data: [{ current_period_end: before }] } })
    expect((await retrieveStripeSubscription(client, subscriptionId)).currentPeriodEnd).toEqual(new Date(oneMonthAfter(before) * 1000))
  })

  it('keeps the anchor day across short months: 31 Jan, 28 Feb, 31 Mar', async () => {
    // Only Date is faked: sockets and timers keep running, and signing and verifying share the clock.
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2027-01-31T10:00:00Z'))
      const subscriptionId = await subscribe()
      const ends = [fake.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end]
      for (const day of ['2027-02-28T10:00:00Z', '2027-03-31T10:00:00Z']) {
        vi.setSystemTime(new Date(day))
        ends.push((await fake.renewSubscription(subscriptionId)).subscription.items.data[0]!.current_period_end)
      }
      expect(ends.map(end => new Date(end * 1000).toISOString())).toEqual(['2027-02-28T10:00:00.000Z', '2027-03-31T10:00:00.000Z', '2027-04-30T10:00:00.000Z'])
      expect(newEvents().every(event => event.summary !== null)).toBe(true)
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('fail leaves the renewal invoice open and the subscription past_due; a later renew pays that invoice', async () => {
    const subscriptionId = await subscribe()
    const failed = await fake.failSubscriptionPayment(subscriptionId)
    expect(failed.invoice).toMatchObject({ status: 'open', amount_paid: 0, amount_due: 1900 })
    const events = newEvents()
    expect(events.map(event => event.type)).toEqual(['invoice.payment_failed', 'customer.subscription.updated'])
    expect(events[0]!.summary).toMatchObject({ kind: 'invoice_payment_failed', subscriptionId, invoiceId: failed.invoice!.id, amountPaidMinor: 0, amountDueMinor: 1900 })
    expect(events[1]!.summary).toMatchObject({ kind: 'subscription_changed', status: 'past_due' })
    expect(events[1]!.raw.data.previous_attributes).toMatchObject({ status: 'active' })
    expect((await retrieveStripeSubscription(client, subscriptionId)).status).toBe('past_due')

    const periodEnd = fake.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end
    const renewed = await fake.renewSubscription(subscriptionId)
    expect(renewed.invoice).toMatchObject({ id: failed.invoice!.id, status: 'paid', amount_paid: 1900 })
    const after = newEvents()
    expect(after.map(event => event.summary?.kind)).toEqual(['invoice_paid', 'subscription_changed'])
    expect(after[1]!.summary).toMatchObject({ status: 'active', currentPeriodEnd: new Date(periodEnd * 1000) })
  })
})

describe('cancelling', () => {
  it('cancels at period end from the portal page, and the subscription ends at the next period end', async () => {
    const subscriptionId = await subscribe()
    const customerId = fake.subscriptions.get(subscriptionId)!.customer
    const { url } = await createStripePortalSession(client, { customerId, returnUrl: 'http://admin.test/billing' })
    expect(url).toMatch(new RegExp(`^${fake.url}/portal/bps_`))

    const html = await (await fetch(url)).text()
    expect(html).toContain('<html lang="en">')
    expect(html).toMatch(/<h1>[^<]+<\/h1>/)
    expect(html).toContain('<a href="http://admin.test/billing">Return</a>')
    const form = /<form method="post" action="([^"]+)"><input type="hidden" name="subscription" value="([^"]+)"><button type="submit" aria-describedby="[^"]+">Cancel subscription<\/button>/.exec(html)
    expect(form?.[2]).toBe(subscriptionId)

    const pressed = await fetch(new URL(form![1]!, url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ subscription: subscriptionId }).toString(),
      redirect: 'manual',
    })
    expect(pressed.status).toBe(303)
    const events = newEvents()
    expect(events.map(event => event.type)).toEqual(['customer.subscription.updated'])
    expect(events[0]!.summary).toMatchObject({ kind: 'subscription_changed', status: 'active', cancelAtPeriodEnd: true })
    expect(events[0]!.raw.data.previous_attributes).toEqual({ cancel_at_period_end: false, cancel_at: null })
    const after = await (await fetch(new URL(pressed.headers.get('location')!, url))).text()
    expect(after).toContain('role="status"')
    expect(after).toMatch(/Cancels on \d{4}-\d{2}-\d{2}/)
    expect(after).not.toContain('>Cancel subscription<')

    await fake.renewSubscription(subscriptionId)
    const ended = newEvents()
    expect(ended.map(event => event.summary?.kind)).toEqual(['subscription_deleted'])
    expect(ended[0]!.summary).toMatchObject({ status: 'canceled' })
  })

  it('cancels at period end through the API', async () => {
    const subscriptionId = await subscribe()
    const state = await cancelStripeSubscription(client, subscriptionId, { atPeriodEnd: true, idempotencyKey: `cancel-${subscriptionId}` })
    expect(state).toMatchObject({ status: 'active', cancelAtPeriodEnd: true })
    expect(newEvents().map(event => event.summary?.kind)).toEqual(['subscription_changed'])
  })

  it('cancels now with DELETE, sending customer.subscription.deleted once', async () => {
    const subscriptionId = await subscribe()
    const state = await cancelStripeSubscription(client, subscriptionId, { atPeriodEnd: false })
    expect(state).toMatchObject({ subscriptionId, status: 'canceled' })
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/v1/subscriptions/${subscriptionId}`, status: 200 })
    const events = newEvents()
    expect(events.map(event => event.summary?.kind)).toEqual(['subscription_deleted'])
    await expect(cancelStripeSubscription(client, subscriptionId, { atPeriodEnd: false })).rejects.toMatchObject({ statusCode: 400 })
    await expect(fake.renewSubscription(subscriptionId)).rejects.toThrow(/canceled/)
    expect((await fetch(`${fake.url}/_fake/subscriptions/${subscriptionId}/fail`, { method: 'POST' })).status).toBe(409)
    expect(newEvents()).toEqual([])
  })
})

describe('idempotency of the billing POSTs', () => {
  it('replays checkout, customer, price and subscription creation without creating or sending twice', async () => {
    const key = `sub-checkout-${Date.now()}`
    const first = await createStripeSubscriptionCheckout(client, { ...PRO_PLAN, idempotencyKey: key })
    const again = await createStripeSubscriptionCheckout(client, { ...PRO_PLAN, idempotencyKey: key })
    expect(again.id).toBe(first.id)
    expect(fake.requests.at(-1)).toMatchObject({ replayed: true })
    await expect(createStripeSubscriptionCheckout(client, { ...PRO_PLAN, clientReferenceId: 'org_other', idempotencyKey: key }))
      .rejects.toMatchObject({ statusCode: 400, type: 'idempotency_error' })

    const customer = await client.customers.create({ email: 'once@example.test' }, { idempotencyKey: `${key}-customer` })
    expect((await client.customers.create({ email: 'once@example.test' }, { idempotencyKey: `${key}-customer` })).id).toBe(customer.id)
    const priceParams = { currency: 'eur', unit_amount: 900, recurring: { interval: 'month' as const }, product_data: { name: 'Basic' } }
    const price = await client.prices.create(priceParams, { idempotencyKey: `${key}-price` })
    expect((await client.prices.create(priceParams, { idempotencyKey: `${key}-price` })).id).toBe(price.id)

    const subscriptionParams = { customer: customer.id, items: [{ price: price.id }], metadata: { organisation_id: 'org_9' } }
    const subscription = await client.subscriptions.create(subscriptionParams, { idempotencyKey: `${key}-subscription` })
    expect(newEvents().map(event => event.type)).toEqual(['customer.subscription.created', 'invoice.paid'])
    expect((await client.subscriptions.create(subscriptionParams, { idempotencyKey: `${key}-subscription` })).id).toBe(subscription.id)
    expect(newEvents()).toEqual([])
    expect([...fake.subscriptions.values()].filter(candidate => candidate.customer === customer.id)).toHaveLength(1)
  })
})
