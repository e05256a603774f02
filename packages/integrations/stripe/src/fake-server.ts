import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { STRIPE_API_VERSION } from './client'
import { FormEncodingError, parseStripeForm } from './form-encoding'
import { signStripeWebhook } from './webhook'

/**
 * A local stand-in for the parts of Stripe's v1 API that Checkout payments and Billing basics
 * (customers, prices, subscriptions, invoices, the customer portal) use, speaking the wire
 * protocol the official SDK sends (form bodies with bracket keys, Bearer auth, Idempotency-Key),
 * on 127.0.0.1, for tests and local development. Everything is in memory and forgotten on stop().
 * One file over 300 lines on purpose: it is one protocol's server, and its state (sessions,
 * PaymentIntents, charges, subscriptions, idempotent replies) is shared by every route.
 *
 * Choices of the fake, not checked against Stripe (see README "Unverified"):
 * - Failing on the hosted page leaves the session open and sends no event (Stripe would also send
 *   payment_intent.payment_failed and charge.failed, which paymentFromStripeEvent ignores anyway).
 * - Paying sends only checkout.session.completed; refunding sends only charge.refunded.
 * - Paying a subscription checkout sends customer.subscription.created, invoice.paid and
 *   checkout.session.completed, in that order (no customer.created, invoice.created, …), and
 *   every customer's card works: POST /v1/subscriptions starts active with a paid invoice.
 * - Time only moves through /_fake/subscriptions/:id/renew|fail (renewSubscription,
 *   failSubscriptionPayment); nothing renews or ends on the clock.
 * - Webhooks are delivered once, awaited before the HTTP answer or redirect, never retried.
 * - Error codes other than resource_missing, charge_already_refunded and idempotency_error are
 *   the fake's choice (api_key_invalid, amount_too_large, payment_intent_unexpected_state, …).
 */

const MAX_BODY_BYTES = 64 * 1024
const WEBHOOK_TIMEOUT_MS = 10_000
const MIN_LIFETIME_SECONDS = 30 * 60
const MAX_LIFETIME_SECONDS = 24 * 60 * 60
/** Only test-mode keys: a live key sent to a fake is a configuration mistake. */
const TEST_KEY_PATTERN = /^(?:sk|rk)_test_[A-Za-z0-9]{8,}$/
const REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer'])

/** The fake's own route (Stripe has none) that sets where its events are delivered. */
export const FAKE_WEBHOOK_URL_PATH = '/_fake/webhook-url'

export interface FakeStripeOptions {
  /** whsec_… used to sign every webhook. */
  webhookSecret: string
  /** Where events are POSTed; can be changed later through `fake.webhookUrl`. */
  webhookUrl?: string
  /** 0 (the default) picks a free port. */
  port?: number
}

export interface FakeCheckoutSession {
  id: string
  object: 'checkout.session'
  mode: 'payment' | 'subscription'
  status: 'open' | 'complete' | 'expired'
  payment_status: 'paid' | 'unpaid'
  url: string | null
  success_url: string
  cancel_url: string | null
  created: number
  expires_at: number
  amount_subtotal: number
  amount_total: number
  currency: string
  metadata: Record<string, string>
  client_reference_id: string | null
  customer_email: string | null
  /** cus_…: given at creation, or (subscription mode) created when the buyer pays. */
  customer: string | null
  payment_intent: string | null
  /** Subscription mode, once paid: sub_… and its first invoice in_…. */
  subscription: string | null
  invoice: string | null
  livemode: false
}

export interface FakePaymentIntent {
  id: string
  object: 'payment_intent'
  amount: number
  amount_received: number
  currency: string
  status: 'requires_payment_method' | 'succeeded'
  metadata: Record<string, string>
  latest_charge: string | null
  created: number
  livemode: false
}

export interface FakeCharge {
  id: string
  object: 'charge'
  amount: number
  amount_captured: number
  amount_refunded: number
  currency: string
  payment_intent: string
  paid: true
  captured: true
  refunded: boolean
  status: 'succeeded'
  metadata: Record<string, string>
  created: number
  livemode: false
}

export interface FakeRefund {
  id: string
  object: 'refund'
  amount: number
  currency: string
  charge: string
  payment_intent: string
  reason: string | null
  status: 'succeeded'
  metadata: Record<string, string>
  created: number
}

export interface FakeStripeEvent {
  id: string
  object: 'event'
  api_version: string
  created: number
  livemode: false
  type: string
  pending_webhooks: number
  request: { id: string | null, idempotency_key: string | null }
  /** previous_attributes only on *.updated events: the old values of what changed. */
  data: { object: unknown, previous_attributes?: Record<string, unknown> }
}

/** One webhook POST and what the merchant answered (no retries). */
export interface FakeStripeDelivery {
  eventId: string
  type: string
  result: { status: number } | { error: string } | { skipped: 'no webhookUrl' }
}

/** One API call as the SDK sent it. */
export interface FakeStripeRequest {
  method: string
  path: string
  status: number
  idempotencyKey?: string
  stripeVersion?: string
  replayed: boolean
}

export interface FakeCheckoutResult {
  session: FakeCheckoutSession
  /** The checkout.session.completed delivery; absent when the payment failed (nothing is sent). */
  delivery?: FakeStripeDelivery
}

export type FakeBillingInterval = 'day' | 'week' | 'month' | 'year'

export interface FakeCustomer {
  id: string
  object: 'customer'
  email: string | null
  name: string | null
  metadata: Record<string, string>
  created: number
  livemode: false
}

export interface FakePrice {
  id: string
  object: 'price'
  active: boolean
  currency: string
  unit_amount: number
  type: 'recurring' | 'one_time'
  recurring: { interval: FakeBillingInterval, interval_count: number, usage_type: 'licensed' } | null
  /** prod_…; the fake keeps only product names (see productName in the portal). */
  product: string
  metadata: Record<string, string>
  created: number
  livemode: false
}

export interface FakeSubscriptionItem {
  id: string
  object: 'subscription_item'
  price: FakePrice
  quantity: number
  /** Dahlia: the period lives on the item, not on the subscription. */
  current_period_start: number
  current_period_end: number
  subscription: string
  metadata: Record<string, string>
  created: number
}

export interface FakeSubscription {
  id: string
  object: 'subscription'
  customer: string
  status: 'active' | 'past_due' | 'canceled'
  items: { object: 'list', data: FakeSubscriptionItem[], has_more: false, url: string }
  metadata: Record<string, string>
  cancel_at_period_end: boolean
  cancel_at: number | null
  canceled_at: number | null
  ended_at: number | null
  created: number
  start_date: number
  billing_cycle_anchor: number
  currency: string
  latest_invoice: string | null
  collection_method: 'charge_automatically'
  livemode: false
}

export interface FakeInvoiceLine {
  id: string
  object: 'line_item'
  amount: number
  currency: string
  quantity: number
  period: { start: number, end: number }
  parent: { type: 'subscription_item_details', subscription_item_details: { subscription: string, subscription_item: string, proration: false } }
  pricing: { type: 'price_details', price_details: { price: string, product: string } }
}

export interface FakeInvoice {
  id: string
  object: 'invoice'
  customer: string
  status: 'open' | 'paid'
  billing_reason: 'subscription_create' | 'subscription_cycle'
  amount_due: number
  amount_paid: number
  amount_remaining: number
  currency: string
  /** Dahlia: no top-level `subscription`; it is here, with a snapshot of the subscription's metadata. */
  parent: {
    type: 'subscription_details'
    quote_details: null
    subscription_details: { subscription: string, metadata: Record<string, string> }
  }
  lines: { object: 'list', data: FakeInvoiceLine[], has_more: false, url: string }
  attempted: boolean
  attempt_count: number
  created: number
  livemode: false
}

export interface FakePortalSession {
  id: string
  object: 'billing_portal.session'
  configuration: string
  created: number
  customer: string
  customer_account: null
  flow: null
  livemode: false
  locale: null
  on_behalf_of: null
  return_url: string | null
  url: string
}

/** What a renewal, a failed renewal or a cancellation did, with the deliveries in order. */
export interface FakeSubscriptionResult {
  subscription: FakeSubscription
  /** The invoice paid or left open; absent when the subscription ended instead. */
  invoice?: FakeInvoice
  deliveries: FakeStripeDelivery[]
}

export interface FakeStripe {
  /** Base URL, e.g. http://127.0.0.1:54321: give it to createStripeClient as baseUrl. */
  url: string
  /** Where webhooks go; undefined records deliveries as skipped. */
  webhookUrl: string | undefined
  sessions: Map<string, FakeCheckoutSession>
  paymentIntents: Map<string, FakePaymentIntent>
  refunds: FakeRefund[]
  events: FakeStripeEvent[]
  deliveries: FakeStripeDelivery[]
  requests: FakeStripeRequest[]
  /** Signs and delivers any event, e.g. charge.dispute.created with a dispute object. */
  sendEvent: (type: string, object: unknown) => Promise<{ event: FakeStripeEvent, delivery: FakeStripeDelivery }>
  /** Delivers an event already sent once more, with a fresh signature (Stripe does redeliver). */
  redeliverEvent: (eventId: string) => Promise<FakeStripeDelivery>
  /** What pressing Pay or Fail on the hosted page does, without the browser. */
  completeCheckout: (sessionId: string, options: { outcome: 'paid' | 'failed' }) => Promise<FakeCheckoutResult>
  /** Expires an open session and sends checkout.session.expired. */
  expireCheckout: (sessionId: string) => Promise<FakeCheckoutResult>
  customers: Map<string, FakeCustomer>
  prices: Map<string, FakePrice>
  subscriptions: Map<string, FakeSubscription>
  invoices: Map<string, FakeInvoice>
  portalSessions: Map<string, FakePortalSession>
  /**
   * The period ends and the renewal is paid (POST /_fake/subscriptions/:id/renew): a paid invoice,
   * the period moved one interval, then invoice.paid and customer.subscription.updated. A past_due
   * subscription instead pays its open invoice (the retry succeeded) and becomes active. One set to
   * cancel at period end ends instead: status canceled and customer.subscription.deleted.
   */
  renewSubscription: (subscriptionId: string) => Promise<FakeSubscriptionResult>
  /**
   * The period ends and the renewal payment fails (POST /_fake/subscriptions/:id/fail): as Stripe
   * does, the period still moves on; an open invoice, status past_due, then invoice.payment_failed
   * and customer.subscription.updated. Failing again while past_due retries the same invoice and
   * sends only invoice.payment_failed. One set to cancel at period end ends instead, as in renew.
   */
  failSubscriptionPayment: (subscriptionId: string) => Promise<FakeSubscriptionResult>
  stop: () => Promise<void>
}

interface SessionExtras {
  paymentIntentMetadata: Record<string, string>
  productName: string
  /** Subscription mode: the recurring prices bought and subscription_data[metadata]. */
  subscriptionItems: { price: FakePrice, quantity: number }[]
  subscriptionMetadata: Record<string, string>
}

/** Stripe's longest billing period is three years, in whichever unit. */
const MAX_INTERVAL_COUNT: Record<FakeBillingInterval, number> = { day: 1095, week: 156, month: 36, year: 3 }

interface ApiResult {
  status: number
  body: unknown
  /** Stripe keeps the reply for an Idempotency-Key only once the endpoint ran, not for bad params. */
  storeForIdempotency: boolean
}

interface StoredReply {
  fingerprint: string
  reply?: { status: number, body: unknown }
}

interface SessionLines {
  currency: string
  total: number
  productName: string
  subscriptionItems: { price: FakePrice, quantity: number }[]
}

class BodyTooLargeError extends Error {}

class ApiError extends Error {
  constructor(readonly status: number, readonly type: string, readonly code: string, message: string, readonly param?: string, readonly stored = false) {
    super(message)
  }
}

/** Starts the fake on 127.0.0.1. Resolves once it is listening. */
export async function startFakeStripe(options: FakeStripeOptions): Promise<FakeStripe> {
  const { webhookSecret } = options
  const sessions = new Map<string, FakeCheckoutSession>()
  const sessionExtras = new Map<string, SessionExtras>()
  const paymentIntents = new Map<string, FakePaymentIntent>()
  const charges = new Map<string, FakeCharge>()
  const refunds: FakeRefund[] = []
  const events: FakeStripeEvent[] = []
  const deliveries: FakeStripeDelivery[] = []
  const requests: FakeStripeRequest[] = []
  const idempotentReplies = new Map<string, StoredReply>()
  const customers = new Map<string, FakeCustomer>()
  const prices = new Map<string, FakePrice>()
  const productNames = new Map<string, string>()
  const subscriptions = new Map<string, FakeSubscription>()
  /** How many periods each subscription has started, to date them from its anchor (31 Jan → 28 Feb → 31 Mar). */
  const periodCounts = new Map<string, number>()
  const invoices = new Map<string, FakeInvoice>()
  const portalSessions = new Map<string, FakePortalSession>()
  let baseUrl = ''

  const fake: FakeStripe = {
    url: '',
    webhookUrl: options.webhookUrl,
    sessions,
    paymentIntents,
    refunds,
    events,
    deliveries,
    requests,
    sendEvent: (type, object) => emitEvent(type, object, null),
    redeliverEvent: async (eventId) => {
      const event = events.find(candidate => candidate.id === eventId)
      if (event === undefined) throw new Error(`fake Stripe has not sent event ${eventId}`)
      return deliver(event)
    },
    completeCheckout: (sessionId, { outcome }) => completeSession(requireSession(sessionId), outcome),
    expireCheckout: async (sessionId) => {
      const session = requireSession(sessionId)
      if (session.status !== 'open') throw new Error(`fake Stripe session ${sessionId} is ${session.status}, not open`)
      return { session, delivery: await expireSession(session) }
    },
    customers,
    prices,
    subscriptions,
    invoices,
    portalSessions,
    renewSubscription: async subscriptionId => renewSubscription(requireSubscription(subscriptionId)),
    failSubscriptionPayment: async subscriptionId => failSubscriptionPayment(requireSubscription(subscriptionId)),
    stop: () => new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }

  function requireSession(sessionId: string): FakeCheckoutSession {
    const session = sessions.get(sessionId)
    if (session === undefined) throw new Error(`fake Stripe has no checkout session ${sessionId}`)
    return session
  }

  /** For the fake's own helpers: a canceled subscription has no period left to renew or fail. */
  function requireSubscription(subscriptionId: string): FakeSubscription {
    const subscription = subscriptions.get(subscriptionId)
    if (subscription === undefined) throw new Error(`fake Stripe has no subscription ${subscriptionId}`)
    if (subscription.status === 'canceled') throw new Error(`fake Stripe subscription ${subscriptionId} is canceled`)
    return subscription
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-stripe')
    const pay = /^\/pay\/([\w-]+)$/.exec(url.pathname)
    if (pay !== null) return handlePayPage(req, res, pay[1]!)
    const portal = /^\/portal\/([\w-]+)$/.exec(url.pathname)
    if (portal !== null) return handlePortalPage(req, res, portal[1]!, url.searchParams)
    // Not Stripe: test-only period ends, answering the FakeSubscriptionResult as JSON.
    const periodEnd = /^\/_fake\/subscriptions\/([\w-]+)\/(renew|fail)$/.exec(url.pathname)
    if (periodEnd !== null && req.method === 'POST') {
      await readBody(req)
      const subscription = subscriptions.get(periodEnd[1]!)
      if (subscription === undefined) return sendJson(res, 404, errorBody(missing('subscription', periodEnd[1]!, 'subscription')))
      if (subscription.status === 'canceled') {
        return sendJson(res, 409, errorBody(new ApiError(409, 'invalid_request_error', 'subscription_canceled', `Subscription ${subscription.id} is canceled; it has no period to ${periodEnd[2]}.`)))
      }
      return sendJson(res, 200, periodEnd[2] === 'renew' ? await renewSubscription(subscription) : await failSubscriptionPayment(subscription))
    }
    if (url.pathname.startsWith('/v1/')) return handleApi(req, res, url.pathname, url.search.slice(1))
    // Not Stripe: for tests that run the fake in another process, where events go next
    // (`PUT` with the URL as the body; an empty body stops delivering).
    if (url.pathname === FAKE_WEBHOOK_URL_PATH && req.method === 'PUT') {
      const target = (await readBody(req)).trim()
      fake.webhookUrl = target === '' ? undefined : target
      return sendText(res, 204, '')
    }
    sendText(res, 404, 'Not found')
  }

  // ---- API (/v1) -------------------------------------------------------------------------------

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
    const method = req.method ?? 'GET'
    const idempotencyKey = headerText(req, 'idempotency-key')
    const log: FakeStripeRequest = { method, path, status: 0, idempotencyKey, stripeVersion: headerText(req, 'stripe-version'), replayed: false }
    requests.push(log)
    const answer = (status: number, body: unknown, extraHeaders: Record<string, string> = {}) => {
      log.status = status
      sendJson(res, status, body, { 'request-id': `req_${randomId()}`, 'stripe-version': log.stripeVersion ?? STRIPE_API_VERSION, ...extraHeaders })
    }
    const body = await readBody(req)

    const auth = authenticate(headerText(req, 'authorization'))
    if (auth instanceof ApiError) return answer(auth.status, errorBody(auth))

    let params: Record<string, unknown>
    try {
      // GET parameters come in the query string, as the SDK sends them.
      params = parseStripeForm(method === 'POST' ? body : query)
    }
    catch (error) {
      if (!(error instanceof FormEncodingError)) throw error
      return answer(400, errorBody(new ApiError(400, 'invalid_request_error', 'parameter_invalid_string', error.message)))
    }

    // Idempotency applies to POST; the key is scoped to the account (the API key).
    const replyKey = method === 'POST' && idempotencyKey !== undefined ? `${auth}\n${idempotencyKey}` : undefined
    const fingerprint = `${method} ${path} ${canonicalJson(params)}`
    if (replyKey !== undefined) {
      const stored = idempotentReplies.get(replyKey)
      if (stored !== undefined) {
        if (stored.fingerprint !== fingerprint) {
          return answer(400, errorBody(new ApiError(400, 'idempotency_error', 'idempotency_key_reused',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`)))
        }
        if (stored.reply === undefined) {
          return answer(409, errorBody(new ApiError(409, 'idempotency_error', 'idempotency_key_in_use',
            'There is currently another in-progress request using this Stripe token (probably the same idempotency key). Try again later.')))
        }
        log.replayed = true
        return answer(stored.reply.status, stored.reply.body, { 'idempotent-replayed': 'true', 'original-request': 'req_replayed' })
      }
      idempotentReplies.set(replyKey, { fingerprint })
    }

    let result: ApiResult
    try {
      result = await routeApi(method, path, params, idempotencyKey)
    }
    catch (error) {
      if (!(error instanceof ApiError)) {
        if (replyKey !== undefined) idempotentReplies.delete(replyKey)
        throw error
      }
      result = { status: error.status, body: errorBody(error), storeForIdempotency: error.stored }
    }
    if (replyKey !== undefined) {
      if (result.storeForIdempotency) idempotentReplies.set(replyKey, { fingerprint, reply: { status: result.status, body: result.body } })
      else idempotentReplies.delete(replyKey)
    }
    answer(result.status, result.body)
  }

  /** Returns the key (the account it stands for) or the 401 Stripe answers. */
  function authenticate(authorization: string | undefined): string | ApiError {
    const match = /^Bearer (.*)$/.exec(authorization ?? '')
    const key = match?.[1] ?? ''
    if (key === '') {
      return new ApiError(401, 'invalid_request_error', 'api_key_missing',
        'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.')
    }
    if (!TEST_KEY_PATTERN.test(key)) {
      // Like Stripe, show only enough of the key to recognise it.
      const shown = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(8)}${key.slice(-4)}` : '****'
      return new ApiError(401, 'invalid_request_error', 'api_key_invalid', `Invalid API Key provided: ${shown}`)
    }
    return key
  }

  async function routeApi(method: string, path: string, params: Record<string, unknown>, idempotencyKey: string | undefined): Promise<ApiResult> {
    if (path === '/v1/checkout/sessions' && method === 'POST') return createSession(params)
    // The newest first, as Stripe lists them; `limit` only (no cursors: tests list few).
    if (path === '/v1/checkout/sessions' && method === 'GET') {
      const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10) || 10))
      const newest = [...sessions.values()].reverse()
      return ok({ object: 'list', url: '/v1/checkout/sessions', has_more: newest.length > limit, data: newest.slice(0, limit) })
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path)
    if (sessionMatch !== null) {
      const session = sessions.get(decodeURIComponent(sessionMatch[1]!))
      if (sessionMatch[2] === undefined && method === 'GET') {
        if (session === undefined) throw missing('checkout.session', sessionMatch[1]!, 'session')
        if (isPastExpiry(session)) await expireSession(session)
        return ok(session)
      }
      if (sessionMatch[2] !== undefined && method === 'POST') {
        if (session === undefined) throw missing('checkout.session', sessionMatch[1]!, 'session')
        if (session.status !== 'open') {
          throw new ApiError(400, 'invalid_request_error', 'checkout_session_not_open', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`, undefined, true)
        }
        await expireSession(session)
        return ok(session)
      }
    }
    if (path === '/v1/refunds' && method === 'POST') return createRefund(params, idempotencyKey)
    const refundMatch = /^\/v1\/refunds\/([^/]+)$/.exec(path)
    if (refundMatch !== null && method === 'GET') {
      const refund = refunds.find(candidate => candidate.id === refundMatch[1])
      if (refund === undefined) throw missing('refund', refundMatch[1]!, 'id')
      return ok(refund)
    }
    const intentMatch = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)
    if (intentMatch !== null && method === 'GET') {
      const intent = paymentIntents.get(intentMatch[1]!)
      if (intent === undefined) throw missing('payment_intent', intentMatch[1]!, 'intent')
      return ok(intent)
    }
    const billing = await routeBilling(method, path, params, idempotencyKey)
    if (billing !== undefined) return billing
    throw new ApiError(404, 'invalid_request_error', 'url_invalid', `Unrecognized request URL (${method}: ${path}). The fake Stripe simulates only Checkout Sessions, Refunds, PaymentIntent retrieval, Customers, Prices, Subscriptions, Invoices and portal sessions.`)
  }

  async function routeBilling(method: string, path: string, params: Record<string, unknown>, idempotencyKey: string | undefined): Promise<ApiResult | undefined> {
    if (method === 'POST' && path === '/v1/customers') return ok(createCustomer(params))
    if (method === 'POST' && path === '/v1/prices') return ok(createPrice(params))
    if (method === 'POST' && path === '/v1/subscriptions') return createSubscriptionFromApi(params, idempotencyKey)
    if (method === 'POST' && path === '/v1/billing_portal/sessions') return ok(createPortalSession(params))
    const match = /^\/v1\/(customers|prices|subscriptions|invoices)\/([^/]+)$/.exec(path)
    if (match === null) return undefined
    const [, collection, rawId] = match as unknown as [string, string, string]
    const id = decodeURIComponent(rawId)
    if (method === 'GET') {
      const store = ({ customers, prices, subscriptions, invoices } as Record<string, Map<string, unknown>>)[collection]!
      const found = store.get(id)
      if (found === undefined) throw missing(collection.slice(0, -1), id, 'id')
      return ok(found)
    }
    if (collection !== 'subscriptions') return undefined
    const subscription = subscriptions.get(id)
    if (subscription === undefined) throw missing('subscription', id, 'id')
    if (method === 'POST') return updateSubscription(subscription, params, idempotencyKey)
    if (method === 'DELETE') {
      if (subscription.status === 'canceled') {
        throw new ApiError(400, 'invalid_request_error', 'subscription_canceled', `This subscription (${subscription.id}) has already been canceled.`, undefined, true)
      }
      await endSubscription(subscription, idempotencyKey ?? null)
      return ok(subscription)
    }
    return undefined
  }

  function createSession(params: Record<string, unknown>): ApiResult {
    if (params.mode === undefined) throw invalid('parameter_missing', 'Missing required param: mode.', 'mode')
    if (params.mode !== 'payment' && params.mode !== 'subscription') throw invalid('parameter_invalid_string', 'The fake Stripe supports only mode=payment and mode=subscription.', 'mode')
    const mode = params.mode
    const items = params.line_items
    if (!Array.isArray(items) || items.length === 0 || items.length > (mode === 'payment' ? 100 : 20)) {
      throw invalid('parameter_missing', `line_items must have between 1 and ${mode === 'payment' ? 100 : 20} items in ${mode} mode.`, 'line_items')
    }
    if (mode === 'subscription' && params.payment_intent_data !== undefined) {
      throw invalid('parameter_unknown', 'payment_intent_data can only be used in payment mode.', 'payment_intent_data')
    }
    if (mode === 'payment' && params.subscription_data !== undefined) {
      throw invalid('parameter_unknown', 'subscription_data can only be used in subscription mode.', 'subscription_data')
    }
    const lines = mode === 'payment' ? paymentLineItems(items) : subscriptionLineItems(items)
    const successUrl = params.success_url
    if (typeof successUrl !== 'string' || !/^https?:\/\//.test(successUrl)) {
      throw invalid('url_invalid', 'Not a valid URL', 'success_url')
    }
    const cancelUrl = params.cancel_url
    if (cancelUrl !== undefined && (typeof cancelUrl !== 'string' || !/^https?:\/\//.test(cancelUrl))) {
      throw invalid('url_invalid', 'Not a valid URL', 'cancel_url')
    }
    const customer = optionalText(params.customer, 'customer')
    const customerEmail = optionalText(params.customer_email, 'customer_email')
    if (customer !== null && customerEmail !== null) {
      throw invalid('parameter_invalid_string', 'You may only specify one of these parameters: customer, customer_email.', 'customer_email')
    }
    if (customer !== null && !customers.has(customer)) throw missing('customer', customer, 'customer', true)
    const created = nowSeconds()
    const expiresAt = params.expires_at === undefined ? created + MAX_LIFETIME_SECONDS : integerParam(params.expires_at, 'expires_at', 0)
    if (expiresAt < created + MIN_LIFETIME_SECONDS) {
      throw invalid('parameter_invalid_integer', 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at')
    }
    if (expiresAt > created + MAX_LIFETIME_SECONDS) {
      throw invalid('parameter_invalid_integer', 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at')
    }
    const metadata = metadataParam(params.metadata, 'metadata')
    const clientReferenceId = optionalText(params.client_reference_id, 'client_reference_id')
    const paymentIntentMetadata = metadataParam(record(params.payment_intent_data).metadata, 'payment_intent_data[metadata]')
    const subscriptionMetadata = metadataParam(record(params.subscription_data).metadata, 'subscription_data[metadata]')
    // Everything is valid: only now keep the prices that inline price_data stands for.
    for (const { price } of lines.subscriptionItems) prices.set(price.id, price)
    const id = `cs_test_${randomId()}`
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      mode,
      status: 'open',
      payment_status: 'unpaid',
      url: `${baseUrl}/pay/${id}`,
      success_url: successUrl,
      cancel_url: cancelUrl ?? null,
      created,
      expires_at: expiresAt,
      amount_subtotal: lines.total,
      amount_total: lines.total,
      currency: lines.currency,
      metadata,
      client_reference_id: clientReferenceId,
      customer_email: customerEmail,
      customer,
      payment_intent: null,
      subscription: null,
      invoice: null,
      livemode: false,
    }
    sessions.set(id, session)
    sessionExtras.set(id, { paymentIntentMetadata, productName: lines.productName, subscriptionItems: lines.subscriptionItems, subscriptionMetadata })
    return ok(session)
  }

  function paymentLineItems(items: unknown[]): SessionLines {
    let currency: string | undefined
    let total = 0
    let productName = ''
    for (const [index, item] of items.entries()) {
      const where = `line_items[${index}]`
      const line = record(item)
      const priceData = record(line.price_data)
      if (line.price !== undefined || line.price_data === undefined) {
        throw invalid('parameter_missing', `The fake Stripe needs ${where}[price_data] (prices by id are not simulated in payment mode).`, `${where}[price_data]`)
      }
      if (priceData.recurring !== undefined) {
        throw invalid('parameter_invalid_string', 'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', `${where}[price_data][recurring]`)
      }
      const itemCurrency = currencyParam(priceData.currency, `${where}[price_data][currency]`)
      if (currency !== undefined && currency !== itemCurrency) {
        throw invalid('parameter_invalid_string', 'All line items must use the same currency.', `${where}[price_data][currency]`)
      }
      currency = itemCurrency
      const unitAmount = integerParam(priceData.unit_amount, `${where}[price_data][unit_amount]`, 0)
      const quantity = integerParam(line.quantity, `${where}[quantity]`, 1)
      const name = productNameParam(record(priceData.product_data).name, `${where}[price_data][product_data][name]`)
      if (productName === '') productName = name
      total += unitAmount * quantity
    }
    if (total <= 0) throw invalid('amount_too_small', 'The fake Stripe needs a total above zero.', 'line_items')
    return { currency: currency!, total, productName, subscriptionItems: [] }
  }

  /** Each item is a recurring price by id or inline; all must bill on the same interval. */
  function subscriptionLineItems(items: unknown[]): SessionLines {
    const bought: { price: FakePrice, quantity: number }[] = []
    for (const [index, item] of items.entries()) {
      const where = `line_items[${index}]`
      const line = record(item)
      let price: FakePrice
      if (typeof line.price === 'string' && line.price !== '') {
        const known = prices.get(line.price)
        if (known === undefined) throw missing('price', line.price, `${where}[price]`, true)
        if (known.recurring === null) {
          throw invalid('parameter_invalid_string', 'You must provide at least one recurring price in `subscription` mode when using prices.', `${where}[price]`)
        }
        price = known
      }
      else if (line.price_data !== undefined) {
        const priceData = record(line.price_data)
        if (priceData.recurring === undefined) {
          throw invalid('parameter_missing', 'You must provide at least one recurring price in `subscription` mode when using prices.', `${where}[price_data][recurring]`)
        }
        const name = productNameParam(record(priceData.product_data).name, `${where}[price_data][product_data][name]`)
        price = newPrice({
          currency: currencyParam(priceData.currency, `${where}[price_data][currency]`),
          unitAmount: integerParam(priceData.unit_amount, `${where}[price_data][unit_amount]`, 0),
          recurring: recurringParam(priceData.recurring, `${where}[price_data][recurring]`),
          product: newProductId(name),
        })
      }
      else {
        throw invalid('parameter_missing', `Missing required param: ${where}[price] or ${where}[price_data].`, `${where}[price]`)
      }
      const quantity = line.quantity === undefined ? 1 : integerParam(line.quantity, `${where}[quantity]`, 1)
      const first = bought[0]?.price
      if (first !== undefined && (first.currency !== price.currency || first.recurring!.interval !== price.recurring!.interval || first.recurring!.interval_count !== price.recurring!.interval_count)) {
        throw invalid('parameter_invalid_string', 'All prices of a subscription must have the same currency and billing interval.', `${where}[price]`)
      }
      bought.push({ price, quantity })
    }
    const total = bought.reduce((sum, { price, quantity }) => sum + price.unit_amount * quantity, 0)
    if (total <= 0) throw invalid('amount_too_small', 'The fake Stripe needs a total above zero.', 'line_items')
    return { currency: bought[0]!.price.currency, total, productName: productNames.get(bought[0]!.price.product) ?? '', subscriptionItems: bought }
  }

  async function createRefund(params: Record<string, unknown>, idempotencyKey: string | undefined): Promise<ApiResult> {
    const intentId = params.payment_intent
    const chargeId = params.charge
    let intent: FakePaymentIntent | undefined
    if (typeof intentId === 'string' && intentId !== '') {
      intent = paymentIntents.get(intentId)
      if (intent === undefined) throw missing('payment_intent', intentId, 'payment_intent')
    }
    else if (typeof chargeId === 'string' && chargeId !== '') {
      const charge = charges.get(chargeId)
      if (charge === undefined) throw missing('charge', chargeId, 'charge')
      intent = paymentIntents.get(charge.payment_intent)
    }
    else {
      throw invalid('parameter_missing', 'One of the following params should be provided for this request: payment_intent or charge.', 'payment_intent')
    }
    const amount = params.amount === undefined ? undefined : integerParam(params.amount, 'amount', 1)
    const reason = params.reason
    if (reason !== undefined && (typeof reason !== 'string' || !REFUND_REASONS.has(reason))) {
      throw invalid('parameter_invalid_string', 'Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer', 'reason')
    }
    const charge = intent?.latest_charge ? charges.get(intent.latest_charge) : undefined
    if (intent === undefined || intent.status !== 'succeeded' || charge === undefined) {
      throw new ApiError(400, 'invalid_request_error', 'payment_intent_unexpected_state',
        `This PaymentIntent (${intent?.id ?? 'unknown'}) does not have a successful charge to refund.`, 'payment_intent', true)
    }
    const left = charge.amount - charge.amount_refunded
    if (left === 0) {
      throw new ApiError(400, 'invalid_request_error', 'charge_already_refunded', `Charge ${charge.id} has already been refunded.`, undefined, true)
    }
    if (amount !== undefined && amount > left) {
      throw new ApiError(400, 'invalid_request_error', 'amount_too_large',
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`, 'amount', true)
    }
    const refunded = amount ?? left
    charge.amount_refunded += refunded
    charge.refunded = charge.amount_refunded === charge.amount
    const refund: FakeRefund = {
      id: `re_${randomId()}`,
      object: 'refund',
      amount: refunded,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intent.id,
      reason: typeof reason === 'string' ? reason : null,
      status: 'succeeded',
      metadata: metadataParam(params.metadata, 'metadata'),
      created: nowSeconds(),
    }
    refunds.push(refund)
    await emitEvent('charge.refunded', structuredClone(charge), idempotencyKey ?? null)
    return ok(refund)
  }

  // ---- Checkout outcomes ------------------------------------------------------------------------

  async function completeSession(session: FakeCheckoutSession, outcome: 'paid' | 'failed'): Promise<FakeCheckoutResult> {
    if (session.status === 'open' && isPastExpiry(session)) await expireSession(session)
    if (session.status !== 'open') throw new Error(`fake Stripe session ${session.id} is ${session.status}, not open`)
    const extras = sessionExtras.get(session.id)!
    if (session.mode === 'subscription') return completeSubscriptionSession(session, extras, outcome)
    // Stripe creates the PaymentIntent when the buyer first tries to pay, not with the session.
    let intent = session.payment_intent === null ? undefined : paymentIntents.get(session.payment_intent)
    if (intent === undefined) {
      intent = {
        id: `pi_${randomId()}`,
        object: 'payment_intent',
        amount: session.amount_total,
        amount_received: 0,
        currency: session.currency,
        status: 'requires_payment_method',
        metadata: { ...extras.paymentIntentMetadata },
        latest_charge: null,
        created: nowSeconds(),
        livemode: false,
      }
      paymentIntents.set(intent.id, intent)
      session.payment_intent = intent.id
    }
    if (outcome === 'failed') return { session }

    const charge: FakeCharge = {
      id: `ch_${randomId()}`,
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      currency: intent.currency,
      payment_intent: intent.id,
      paid: true,
      captured: true,
      refunded: false,
      status: 'succeeded',
      metadata: { ...intent.metadata },
      created: nowSeconds(),
      livemode: false,
    }
    charges.set(charge.id, charge)
    intent.status = 'succeeded'
    intent.amount_received = intent.amount
    intent.latest_charge = charge.id
    session.status = 'complete'
    session.payment_status = 'paid'
    session.url = null
    const { delivery } = await emitEvent('checkout.session.completed', structuredClone(session), null)
    return { session, delivery }
  }

  async function expireSession(session: FakeCheckoutSession): Promise<FakeStripeDelivery> {
    session.status = 'expired'
    session.url = null
    return (await emitEvent('checkout.session.expired', structuredClone(session), null)).delivery
  }

  function isPastExpiry(session: FakeCheckoutSession): boolean {
    return session.status === 'open' && nowSeconds() >= session.expires_at
  }

  // ---- Billing: customers, prices, subscriptions, invoices -----------------------------------------

  /**
   * Paying a subscription checkout: the customer (new unless the session named one), the
   * subscription with its first paid invoice, then the three events in the order Stripe's
   * fulfilment docs lead a merchant to expect them. A declined card changes nothing, as in
   * payment mode.
   */
  async function completeSubscriptionSession(session: FakeCheckoutSession, extras: SessionExtras, outcome: 'paid' | 'failed'): Promise<FakeCheckoutResult> {
    if (outcome === 'failed') return { session }
    const customer = session.customer ?? newCustomer({ email: session.customer_email, name: null, metadata: {} }).id
    const { subscription, invoice } = newPaidSubscription(customer, extras.subscriptionItems, extras.subscriptionMetadata)
    session.status = 'complete'
    session.payment_status = 'paid'
    session.url = null
    session.customer = customer
    session.subscription = subscription.id
    session.invoice = invoice.id
    await emitEvent('customer.subscription.created', structuredClone(subscription), null)
    await emitEvent('invoice.paid', structuredClone(invoice), null)
    const { delivery } = await emitEvent('checkout.session.completed', structuredClone(session), null)
    return { session, delivery }
  }

  function createCustomer(params: Record<string, unknown>): FakeCustomer {
    const email = optionalText(params.email, 'email')
    const name = optionalText(params.name, 'name')
    if (email !== null && (email.length > 512 || !/^[^\s@]+@[^\s@]+$/.test(email))) throw invalid('email_invalid', 'Invalid email address.', 'email')
    return newCustomer({ email, name, metadata: metadataParam(params.metadata, 'metadata') })
  }

  function newCustomer(fields: Pick<FakeCustomer, 'email' | 'name' | 'metadata'>): FakeCustomer {
    const customer: FakeCustomer = { id: `cus_${randomId()}`, object: 'customer', ...fields, created: nowSeconds(), livemode: false }
    customers.set(customer.id, customer)
    return customer
  }

  function createPrice(params: Record<string, unknown>): FakePrice {
    const currency = currencyParam(params.currency, 'currency')
    const unitAmount = integerParam(params.unit_amount, 'unit_amount', 0)
    const recurring = params.recurring === undefined ? null : recurringParam(params.recurring, 'recurring')
    let product: string
    if (typeof params.product === 'string' && params.product !== '') {
      if (!productNames.has(params.product)) throw missing('product', params.product, 'product', true)
      product = params.product
    }
    else if (params.product_data !== undefined) {
      product = newProductId(productNameParam(record(params.product_data).name, 'product_data[name]'))
    }
    else {
      throw invalid('parameter_missing', 'You must specify either `product` or `product_data` when creating a price.', 'product')
    }
    const price = newPrice({ currency, unitAmount, recurring, product, metadata: metadataParam(params.metadata, 'metadata') })
    prices.set(price.id, price)
    return price
  }

  function newPrice(fields: { currency: string, unitAmount: number, recurring: FakePrice['recurring'], product: string, metadata?: Record<string, string> }): FakePrice {
    return {
      id: `price_${randomId()}`,
      object: 'price',
      active: true,
      currency: fields.currency,
      unit_amount: fields.unitAmount,
      type: fields.recurring === null ? 'one_time' : 'recurring',
      recurring: fields.recurring,
      product: fields.product,
      metadata: fields.metadata ?? {},
      created: nowSeconds(),
      livemode: false,
    }
  }

  function newProductId(name: string): string {
    const id = `prod_${randomId()}`
    productNames.set(id, name)
    return id
  }

  /**
   * POST /v1/subscriptions. The fake's customers always have a card that works, so the
   * subscription starts active with a paid first invoice (real Stripe would need a payment method).
   */
  async function createSubscriptionFromApi(params: Record<string, unknown>, idempotencyKey: string | undefined): Promise<ApiResult> {
    const customer = optionalText(params.customer, 'customer')
    if (customer === null) throw invalid('parameter_missing', 'Missing required param: customer.', 'customer')
    if (!customers.has(customer)) throw missing('customer', customer, 'customer', true)
    const items = params.items
    if (!Array.isArray(items) || items.length === 0 || items.length > 20) throw invalid('parameter_missing', 'Missing required param: items.', 'items')
    const bought = items.map((item, index) => {
      const line = record(item)
      const priceId = optionalText(line.price, `items[${index}][price]`)
      if (priceId === null) throw invalid('parameter_missing', `Missing required param: items[${index}][price] (the fake does not simulate price_data here).`, `items[${index}][price]`)
      const price = prices.get(priceId)
      if (price === undefined) throw missing('price', priceId, `items[${index}][price]`, true)
      if (price.recurring === null) throw invalid('parameter_invalid_string', `The price specified (${priceId}) is not recurring.`, `items[${index}][price]`)
      return { price, quantity: line.quantity === undefined ? 1 : integerParam(line.quantity, `items[${index}][quantity]`, 1) }
    })
    const first = bought[0]!.price
    if (bought.some(({ price }) => price.currency !== first.currency || price.recurring!.interval !== first.recurring!.interval || price.recurring!.interval_count !== first.recurring!.interval_count)) {
      throw invalid('parameter_invalid_string', 'All prices of a subscription must have the same currency and billing interval.', 'items')
    }
    const cancelAtPeriodEnd = params.cancel_at_period_end === undefined ? false : booleanParam(params.cancel_at_period_end, 'cancel_at_period_end')
    const { subscription, invoice } = newPaidSubscription(customer, bought, metadataParam(params.metadata, 'metadata'))
    if (cancelAtPeriodEnd) setCancelAtPeriodEnd(subscription, true)
    await emitEvent('customer.subscription.created', structuredClone(subscription), idempotencyKey ?? null)
    await emitEvent('invoice.paid', structuredClone(invoice), idempotencyKey ?? null)
    return ok(subscription)
  }

  function newPaidSubscription(customer: string, bought: { price: FakePrice, quantity: number }[], metadata: Record<string, string>): { subscription: FakeSubscription, invoice: FakeInvoice } {
    const now = nowSeconds()
    const id = `sub_${randomId()}`
    const { interval, interval_count: count } = bought[0]!.price.recurring!
    const subscription: FakeSubscription = {
      id,
      object: 'subscription',
      customer,
      status: 'active',
      items: {
        object: 'list',
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
        data: bought.map(({ price, quantity }) => ({
          id: `si_${randomId()}`,
          object: 'subscription_item',
          price,
          quantity,
          current_period_start: now,
          current_period_end: addInterval(now, interval, count),
          subscription: id,
          metadata: {},
          created: now,
        })),
      },
      metadata: { ...metadata },
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      created: now,
      start_date: now,
      billing_cycle_anchor: now,
      currency: bought[0]!.price.currency,
      latest_invoice: null,
      collection_method: 'charge_automatically',
      livemode: false,
    }
    subscriptions.set(id, subscription)
    periodCounts.set(id, 1)
    const invoice = newInvoice(subscription, 'paid', 'subscription_create')
    subscription.latest_invoice = invoice.id
    return { subscription, invoice }
  }

  function newInvoice(subscription: FakeSubscription, status: FakeInvoice['status'], billingReason: FakeInvoice['billing_reason']): FakeInvoice {
    const id = `in_${randomId()}`
    const lines: FakeInvoiceLine[] = subscription.items.data.map(item => ({
      id: `il_${randomId()}`,
      object: 'line_item',
      amount: item.price.unit_amount * item.quantity,
      currency: item.price.currency,
      quantity: item.quantity,
      period: { start: item.current_period_start, end: item.current_period_end },
      parent: { type: 'subscription_item_details', subscription_item_details: { subscription: subscription.id, subscription_item: item.id, proration: false } },
      pricing: { type: 'price_details', price_details: { price: item.price.id, product: item.price.product } },
    }))
    const amount = lines.reduce((sum, line) => sum + line.amount, 0)
    const invoice: FakeInvoice = {
      id,
      object: 'invoice',
      customer: subscription.customer,
      status,
      billing_reason: billingReason,
      amount_due: amount,
      amount_paid: status === 'paid' ? amount : 0,
      amount_remaining: status === 'paid' ? 0 : amount,
      currency: subscription.currency,
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: subscription.id, metadata: { ...subscription.metadata } } },
      lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
      attempted: true,
      attempt_count: 1,
      created: nowSeconds(),
      livemode: false,
    }
    invoices.set(id, invoice)
    return invoice
  }

  /** POST /v1/subscriptions/:id: cancel_at_period_end and metadata ('' removes a key, or all of them). */
  async function updateSubscription(subscription: FakeSubscription, params: Record<string, unknown>, idempotencyKey: string | undefined): Promise<ApiResult> {
    const cancelAtPeriodEnd = params.cancel_at_period_end === undefined ? undefined : booleanParam(params.cancel_at_period_end, 'cancel_at_period_end')
    const metadataChanges = params.metadata === '' ? Object.fromEntries(Object.keys(subscription.metadata).map(key => [key, ''])) : metadataParam(params.metadata, 'metadata')
    if (subscription.status === 'canceled' && cancelAtPeriodEnd !== undefined) {
      throw new ApiError(400, 'invalid_request_error', 'subscription_canceled', 'A canceled subscription can only update its cancellation_details and metadata.', 'cancel_at_period_end', true)
    }
    const previous: Record<string, unknown> = {}
    if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== subscription.cancel_at_period_end) {
      Object.assign(previous, { cancel_at_period_end: subscription.cancel_at_period_end, cancel_at: subscription.cancel_at })
      setCancelAtPeriodEnd(subscription, cancelAtPeriodEnd)
    }
    const previousMetadata: Record<string, string | null> = {}
    const metadata = new Map(Object.entries(subscription.metadata))
    for (const [key, value] of Object.entries(metadataChanges)) {
      const old = metadata.get(key)
      if (value === '' ? old === undefined : old === value) continue
      previousMetadata[key] = old ?? null
      if (value === '') metadata.delete(key)
      else metadata.set(key, value)
    }
    if (Object.keys(previousMetadata).length > 0) {
      previous.metadata = previousMetadata
      subscription.metadata = Object.fromEntries(metadata)
    }
    if (Object.keys(previous).length > 0) await emitEvent('customer.subscription.updated', structuredClone(subscription), idempotencyKey ?? null, previous)
    return ok(subscription)
  }

  function setCancelAtPeriodEnd(subscription: FakeSubscription, cancel: boolean): void {
    subscription.cancel_at_period_end = cancel
    subscription.cancel_at = cancel ? periodEndOf(subscription) : null
  }

  /** Cancels now (DELETE, or a period end reached with cancel_at_period_end) and sends .deleted. */
  async function endSubscription(subscription: FakeSubscription, idempotencyKey: string | null): Promise<FakeStripeDelivery> {
    const now = nowSeconds()
    subscription.status = 'canceled'
    subscription.canceled_at = subscription.canceled_at ?? now
    subscription.ended_at = now
    return (await emitEvent('customer.subscription.deleted', structuredClone(subscription), idempotencyKey)).delivery
  }

  async function renewSubscription(subscription: FakeSubscription): Promise<FakeSubscriptionResult> {
    if (subscription.cancel_at_period_end) return { subscription, deliveries: [await endSubscription(subscription, null)] }
    const open = openInvoiceOf(subscription)
    const previous: Record<string, unknown> = { status: subscription.status }
    let invoice: FakeInvoice
    if (subscription.status === 'past_due' && open !== undefined) {
      // The retry of the failed renewal went through: same period, same invoice, now paid.
      invoice = open
      invoice.status = 'paid'
      invoice.amount_paid = invoice.amount_due
      invoice.amount_remaining = 0
      invoice.attempt_count += 1
    }
    else {
      Object.assign(previous, startNextPeriod(subscription))
      invoice = newInvoice(subscription, 'paid', 'subscription_cycle')
      subscription.latest_invoice = invoice.id
    }
    subscription.status = 'active'
    if (previous.status === 'active') delete previous.status
    const deliveries = [
      (await emitEvent('invoice.paid', structuredClone(invoice), null)).delivery,
      (await emitEvent('customer.subscription.updated', structuredClone(subscription), null, previous)).delivery,
    ]
    return { subscription, invoice, deliveries }
  }

  async function failSubscriptionPayment(subscription: FakeSubscription): Promise<FakeSubscriptionResult> {
    if (subscription.cancel_at_period_end) return { subscription, deliveries: [await endSubscription(subscription, null)] }
    const open = openInvoiceOf(subscription)
    if (subscription.status === 'past_due' && open !== undefined) {
      open.attempt_count += 1
      return { subscription, invoice: open, deliveries: [(await emitEvent('invoice.payment_failed', structuredClone(open), null)).delivery] }
    }
    const previous: Record<string, unknown> = { status: subscription.status, ...startNextPeriod(subscription) }
    const invoice = newInvoice(subscription, 'open', 'subscription_cycle')
    subscription.latest_invoice = invoice.id
    subscription.status = 'past_due'
    const deliveries = [
      (await emitEvent('invoice.payment_failed', structuredClone(invoice), null)).delivery,
      (await emitEvent('customer.subscription.updated', structuredClone(subscription), null, previous)).delivery,
    ]
    return { subscription, invoice, deliveries }
  }

  /** Moves every item one interval on, counted from the anchor; returns the previous_attributes. */
  function startNextPeriod(subscription: FakeSubscription): Record<string, unknown> {
    const previous = { items: structuredClone(subscription.items), latest_invoice: subscription.latest_invoice }
    const periods = (periodCounts.get(subscription.id) ?? 1) + 1
    periodCounts.set(subscription.id, periods)
    for (const item of subscription.items.data) {
      const { interval, interval_count: count } = item.price.recurring!
      item.current_period_start = item.current_period_end
      item.current_period_end = addInterval(subscription.billing_cycle_anchor, interval, count * periods)
    }
    return previous
  }

  function openInvoiceOf(subscription: FakeSubscription): FakeInvoice | undefined {
    const invoice = subscription.latest_invoice === null ? undefined : invoices.get(subscription.latest_invoice)
    return invoice?.status === 'open' ? invoice : undefined
  }

  function periodEndOf(subscription: FakeSubscription): number {
    return Math.max(...subscription.items.data.map(item => item.current_period_end))
  }

  // ---- Customer portal --------------------------------------------------------------------------

  function createPortalSession(params: Record<string, unknown>): FakePortalSession {
    const customer = optionalText(params.customer, 'customer')
    if (customer === null) throw invalid('parameter_missing', 'Missing required param: customer.', 'customer')
    if (!customers.has(customer)) throw missing('customer', customer, 'customer', true)
    const returnUrl = optionalText(params.return_url, 'return_url')
    if (returnUrl !== null && !/^https?:\/\//.test(returnUrl)) throw invalid('url_invalid', 'Not a valid URL', 'return_url')
    const id = `bps_${randomId()}`
    const session: FakePortalSession = {
      id,
      object: 'billing_portal.session',
      configuration: 'bpc_fake_default',
      created: nowSeconds(),
      customer,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: null,
      on_behalf_of: null,
      return_url: returnUrl,
      url: `${baseUrl}/portal/${id}`,
    }
    portalSessions.set(id, session)
    return session
  }

  /** GET lists the customer's subscriptions; POST subscription=sub_… cancels one at period end. */
  async function handlePortalPage(req: IncomingMessage, res: ServerResponse, portalId: string, query: URLSearchParams): Promise<void> {
    const portal = portalSessions.get(portalId)
    if (portal === undefined) return sendHtml(res, 404, page('Fake Stripe customer portal', '<h1>Fake Stripe customer portal</h1>\n<p>Unknown or expired portal session.</p>'))
    if (req.method === 'GET') return sendHtml(res, 200, portalPage(portal, query.get('canceled')))
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST')
      return sendText(res, 405, 'Method not allowed')
    }
    const subscriptionId = new URLSearchParams(await readBody(req)).get('subscription') ?? ''
    const subscription = subscriptions.get(subscriptionId)
    // Only the portal's own customer's subscriptions: the id in the form is the buyer's input.
    if (subscription === undefined || subscription.customer !== portal.customer) {
      return sendHtml(res, 404, portalPage(portal, null, 'That subscription is not yours or does not exist.'))
    }
    if (subscription.status !== 'canceled' && !subscription.cancel_at_period_end) {
      await updateSubscription(subscription, { cancel_at_period_end: 'true' }, undefined)
    }
    // Post/redirect/get, so reloading the page does not post again.
    res.writeHead(303, { location: `/portal/${portal.id}?canceled=${encodeURIComponent(subscription.id)}` })
    res.end()
  }

  function portalPage(portal: FakePortalSession, canceledId: string | null, error?: string): string {
    const owned = [...subscriptions.values()].filter(subscription => subscription.customer === portal.customer)
    const canceled = canceledId === null ? undefined : owned.find(subscription => subscription.id === canceledId)
    const notice = error !== undefined
      ? `<p role="alert">${escapeHtml(error)}</p>`
      : canceled?.cancel_at !== null && canceled?.cancel_at !== undefined
        ? `<p role="status">Your subscription was cancelled. It stays active until ${formatDay(canceled.cancel_at)}.</p>`
        : ''
    const entries = owned.map((subscription) => {
      const headingId = `subscription-${escapeHtml(subscription.id)}`
      const names = subscription.items.data.map(item => productNames.get(item.price.product) ?? item.price.id).join(', ')
      const { interval, interval_count: count } = subscription.items.data[0]!.price.recurring!
      const amount = subscription.items.data.reduce((sum, item) => sum + item.price.unit_amount * item.quantity, 0)
      const every = count === 1 ? interval : `${count} ${interval}s`
      const state = subscription.status === 'canceled'
        ? 'Canceled'
        : subscription.cancel_at_period_end
          ? `Cancels on ${formatDay(periodEndOf(subscription))}`
          : `${subscription.status === 'past_due' ? 'Past due' : 'Active'}, renews on ${formatDay(periodEndOf(subscription))}`
      const cancel = subscription.status === 'canceled' || subscription.cancel_at_period_end
        ? ''
        : `\n<form method="post" action="/portal/${escapeHtml(portal.id)}"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}">`
          + `<button type="submit" aria-describedby="${headingId}">Cancel subscription</button></form>`
      return `<li>\n<h3 id="${headingId}">${escapeHtml(names)}</h3>\n<p>${escapeHtml(`${(amount / 100).toFixed(2)} ${subscription.currency.toUpperCase()} every ${every}`)}</p>\n<p>${escapeHtml(state)}</p>${cancel}\n</li>`
    })
    return page('Fake Stripe customer portal', [
      '<main>',
      '<h1>Fake Stripe customer portal</h1>',
      notice,
      '<h2>Your subscriptions</h2>',
      entries.length === 0 ? '<p>You have no subscriptions.</p>' : `<ul>\n${entries.join('\n')}\n</ul>`,
      portal.return_url === null ? '' : `<p><a href="${escapeHtml(portal.return_url)}">Return</a></p>`,
      '</main>',
    ].filter(line => line !== '').join('\n'))
  }

  // ---- Hosted payment page ------------------------------------------------------------------------

  async function handlePayPage(req: IncomingMessage, res: ServerResponse, sessionId: string): Promise<void> {
    const session = sessions.get(sessionId)
    if (session === undefined) return sendHtml(res, 404, page('Fake Stripe Checkout', '<p>Unknown checkout session.</p>'))
    if (req.method === 'GET') {
      if (isPastExpiry(session)) await expireSession(session)
      return sendHtml(res, session.status === 'open' ? 200 : 410, paymentPage(session))
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST')
      return sendText(res, 405, 'Method not allowed')
    }
    const outcome = new URLSearchParams(await readBody(req)).get('outcome')
    if (outcome !== 'paid' && outcome !== 'failed') return sendHtml(res, 400, page('Fake Stripe Checkout', '<p>Unknown outcome.</p>'))
    if (isPastExpiry(session)) await expireSession(session)
    if (session.status !== 'open') return sendHtml(res, 410, paymentPage(session))
    await completeSession(session, outcome)
    if (outcome === 'failed') return sendHtml(res, 200, paymentPage(session, 'Your card was declined. Try again or use another card.'))
    // Stripe fills in the template variable before redirecting.
    res.writeHead(302, { location: session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) })
    res.end()
  }

  function paymentPage(session: FakeCheckoutSession, notice?: string): string {
    const name = sessionExtras.get(session.id)?.productName ?? ''
    const recurring = sessionExtras.get(session.id)?.subscriptionItems[0]?.price.recurring
    const every = recurring === undefined || recurring === null ? '' : ` every ${recurring.interval_count === 1 ? recurring.interval : `${recurring.interval_count} ${recurring.interval}s`}`
    const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}${every}`
    if (session.status !== 'open') {
      return page('Fake Stripe Checkout', `<h1>Fake Stripe Checkout</h1>\n<p>This checkout session is ${escapeHtml(session.status)}.</p>`)
    }
    const button = (outcome: 'paid' | 'failed', label: string) =>
      `<form method="post" action="/pay/${escapeHtml(session.id)}"><input type="hidden" name="outcome" value="${outcome}">`
      + `<button type="submit">${label}</button></form>`
    return page('Fake Stripe Checkout', [
      '<h1>Fake Stripe Checkout</h1>',
      notice === undefined ? '' : `<p role="alert">${escapeHtml(notice)}</p>`,
      `<p>${escapeHtml(name)}</p>`,
      `<p>Amount: ${escapeHtml(amount)}</p>`,
      button('paid', 'Pay'),
      button('failed', 'Fail'),
      session.cancel_url === null ? '' : `<p><a href="${escapeHtml(session.cancel_url)}">Back</a></p>`,
    ].filter(line => line !== '').join('\n'))
  }

  // ---- Events and webhooks ----------------------------------------------------------------------

  async function emitEvent(type: string, object: unknown, idempotencyKey: string | null, previousAttributes?: Record<string, unknown>): Promise<{ event: FakeStripeEvent, delivery: FakeStripeDelivery }> {
    const event: FakeStripeEvent = {
      id: `evt_${randomId()}`,
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      livemode: false,
      type,
      pending_webhooks: fake.webhookUrl === undefined ? 0 : 1,
      request: { id: idempotencyKey === null ? null : `req_${randomId()}`, idempotency_key: idempotencyKey },
      data: previousAttributes === undefined ? { object } : { object, previous_attributes: previousAttributes },
    }
    events.push(event)
    return { event, delivery: await deliver(event) }
  }

  /** POSTs the event like Stripe: pretty-printed JSON, signed over exactly those bytes. */
  async function deliver(event: FakeStripeEvent): Promise<FakeStripeDelivery> {
    const target = fake.webhookUrl
    let result: FakeStripeDelivery['result']
    if (target === undefined) {
      result = { skipped: 'no webhookUrl' }
    }
    else {
      const payload = JSON.stringify(event, null, 2)
      try {
        const response = await fetch(target, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': signStripeWebhook(payload, webhookSecret),
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          },
          body: payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        })
        await response.arrayBuffer()
        result = { status: response.status }
      }
      catch (error) {
        result = { error: error instanceof Error ? error.message : 'delivery failed' }
      }
    }
    const delivery: FakeStripeDelivery = { eventId: event.id, type: event.type, result }
    deliveries.push(delivery)
    return delivery
  }

  // ---- Server -------------------------------------------------------------------------------------

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof BodyTooLargeError) sendJson(res, 413, errorBody(new ApiError(413, 'invalid_request_error', 'request_too_large', 'Request body too large.')))
      else sendJson(res, 500, errorBody(new ApiError(500, 'api_error', 'fake_internal_error', 'Fake Stripe internal error.')))
    })
  })
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  fake.url = baseUrl
  return fake
}

function ok(body: unknown): ApiResult {
  return { status: 200, body, storeForIdempotency: true }
}

function invalid(code: string, message: string, param: string): ApiError {
  return new ApiError(400, 'invalid_request_error', code, message, param)
}

/** Stripe's answer for an unknown id; it is 404 for a path id and 400 for one in the body. */
function missing(objectName: string, id: string, param: string, inBody = param === 'payment_intent' || param === 'charge'): ApiError {
  return new ApiError(inBody ? 400 : 404, 'invalid_request_error', 'resource_missing', `No such ${objectName}: '${id}'`, param, true)
}

function errorBody(error: ApiError): { error: Record<string, string> } {
  const body: Record<string, string> = { type: error.type, code: error.code, message: error.message }
  if (error.param !== undefined) body.param = error.param
  return { error: body }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}
}

function integerParam(value: unknown, param: string, minimum: number): number {
  if (typeof value !== 'string' || !/^-?\d{1,15}$/.test(value) || Number(value) < minimum) {
    throw invalid('parameter_invalid_integer', `Invalid integer: ${String(value)}`, param)
  }
  return Number(value)
}

function metadataParam(value: unknown, param: string): Record<string, string> {
  if (value === undefined || value === '') return {}
  const entries = Object.entries(record(value))
  if (typeof value !== 'object' || entries.length > 50 || entries.some(([key, entry]) => typeof entry !== 'string' || key.length > 40 || entry.length > 500)) {
    throw invalid('parameter_invalid_string', 'Invalid metadata: up to 50 keys of at most 40 characters, string values of at most 500.', param)
  }
  return Object.fromEntries(entries) as Record<string, string>
}

function currencyParam(value: unknown, param: string): string {
  if (typeof value !== 'string' || !/^[a-z]{3}$/.test(value)) throw invalid('parameter_invalid_string', `Invalid currency: ${String(value)}.`, param)
  return value
}

function productNameParam(value: unknown, param: string): string {
  if (typeof value !== 'string' || value === '') throw invalid('parameter_missing', `Missing required param: ${param}.`, param)
  return value
}

function booleanParam(value: unknown, param: string): boolean {
  if (value !== 'true' && value !== 'false') throw invalid('parameter_invalid_boolean', `Invalid boolean: ${String(value)}`, param)
  return value === 'true'
}

function recurringParam(value: unknown, param: string): NonNullable<FakePrice['recurring']> {
  const recurring = record(value)
  const interval = recurring.interval
  if (typeof interval !== 'string' || !Object.hasOwn(MAX_INTERVAL_COUNT, interval)) {
    throw invalid('parameter_invalid_string', 'Invalid interval: must be one of day, week, month or year.', `${param}[interval]`)
  }
  const max = MAX_INTERVAL_COUNT[interval as FakeBillingInterval]
  const count = recurring.interval_count === undefined ? 1 : integerParam(recurring.interval_count, `${param}[interval_count]`, 1)
  if (count > max) throw invalid('parameter_invalid_integer', 'The maximum billing period is three years (3 years, 36 months, 156 weeks or 1095 days).', `${param}[interval_count]`)
  return { interval: interval as FakeBillingInterval, interval_count: count, usage_type: 'licensed' }
}

/**
 * `count` intervals after `from` (epoch seconds), in UTC. Months keep the day of the month and
 * fall back to the month's last day (31 Jan + 1 month = 28 or 29 Feb), as Stripe's billing does.
 */
function addInterval(from: number, interval: FakeBillingInterval, count: number): number {
  if (interval === 'day' || interval === 'week') return from + count * (interval === 'day' ? 1 : 7) * 86_400
  const start = new Date(from * 1000)
  const months = start.getUTCMonth() + count * (interval === 'year' ? 12 : 1)
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), months + 1, 0)).getUTCDate()
  const target = new Date(start)
  target.setUTCFullYear(start.getUTCFullYear(), months, Math.min(start.getUTCDate(), lastDay))
  return Math.floor(target.getTime() / 1000)
}

function formatDay(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10)
}

function optionalText(value: unknown, param: string): string | null {
  if (value === undefined || value === '') return null
  if (typeof value !== 'string') throw invalid('parameter_invalid_string', `Invalid string: ${param}`, param)
  return value
}

/** Parameters compared for idempotency, independent of the order they were sent in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function headerText(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

function randomId(): string {
  return randomBytes(12).toString('hex')
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data')
        req.resume()
        reject(new BodyTooLargeError())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body}\n</body></html>\n`
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end(html)
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body, null, 2))
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
