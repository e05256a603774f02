import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { STRIPE_API_VERSION } from './client'
import { FormEncodingError, parseStripeForm } from './form-encoding'
import { signStripeWebhook } from './webhook'

/**
 * A local stand-in for the parts of Stripe's v1 API that Checkout payments use, speaking the wire
 * protocol the official SDK sends (form bodies with bracket keys, Bearer auth, Idempotency-Key),
 * on 127.0.0.1, for tests and local development. Everything is in memory and forgotten on stop().
 * One file over 300 lines on purpose: it is one protocol's server, and its state (sessions,
 * PaymentIntents, charges, idempotent replies) is shared by every route.
 *
 * Choices of the fake, not checked against Stripe (see README "Unverified"):
 * - Failing on the hosted page leaves the session open and sends no event (Stripe would also send
 *   payment_intent.payment_failed and charge.failed, which paymentFromStripeEvent ignores anyway).
 * - Paying sends only checkout.session.completed; refunding sends only charge.refunded.
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
  mode: 'payment'
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
  customer: null
  payment_intent: string | null
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
  data: { object: unknown }
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
  stop: () => Promise<void>
}

interface SessionExtras {
  paymentIntentMetadata: Record<string, string>
  productName: string
}

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

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-stripe')
    const pay = /^\/pay\/([\w-]+)$/.exec(url.pathname)
    if (pay !== null) return handlePayPage(req, res, pay[1]!)
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
    throw new ApiError(404, 'invalid_request_error', 'url_invalid', `Unrecognized request URL (${method}: ${path}). The fake Stripe simulates only Checkout Sessions, Refunds and PaymentIntent retrieval.`)
  }

  function createSession(params: Record<string, unknown>): ApiResult {
    if (params.mode === undefined) throw invalid('parameter_missing', 'Missing required param: mode.', 'mode')
    if (params.mode !== 'payment') throw invalid('parameter_invalid_string', 'The fake Stripe supports only mode=payment.', 'mode')
    const items = params.line_items
    if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
      throw invalid('parameter_missing', 'line_items must have between 1 and 100 items in payment mode.', 'line_items')
    }
    let currency: string | undefined
    let total = 0
    let productName = ''
    for (const [index, item] of items.entries()) {
      const where = `line_items[${index}]`
      const line = record(item)
      const priceData = record(line.price_data)
      if (line.price !== undefined || line.price_data === undefined) {
        throw invalid('parameter_missing', `The fake Stripe needs ${where}[price_data] (prices by id are not simulated).`, `${where}[price_data]`)
      }
      const itemCurrency = priceData.currency
      if (typeof itemCurrency !== 'string' || !/^[a-z]{3}$/.test(itemCurrency)) {
        throw invalid('parameter_invalid_string', `Invalid currency: ${String(itemCurrency)}.`, `${where}[price_data][currency]`)
      }
      if (currency !== undefined && currency !== itemCurrency) {
        throw invalid('parameter_invalid_string', 'All line items must use the same currency.', `${where}[price_data][currency]`)
      }
      currency = itemCurrency
      const unitAmount = integerParam(priceData.unit_amount, `${where}[price_data][unit_amount]`, 0)
      const quantity = integerParam(line.quantity, `${where}[quantity]`, 1)
      const name = record(priceData.product_data).name
      if (typeof name !== 'string' || name === '') {
        throw invalid('parameter_missing', `Missing required param: ${where}[price_data][product_data][name].`, `${where}[price_data][product_data][name]`)
      }
      if (productName === '') productName = name
      total += unitAmount * quantity
    }
    if (total <= 0) throw invalid('amount_too_small', 'The fake Stripe needs a total above zero.', 'line_items')
    const successUrl = params.success_url
    if (typeof successUrl !== 'string' || !/^https?:\/\//.test(successUrl)) {
      throw invalid('url_invalid', 'Not a valid URL', 'success_url')
    }
    const cancelUrl = params.cancel_url
    if (cancelUrl !== undefined && (typeof cancelUrl !== 'string' || !/^https?:\/\//.test(cancelUrl))) {
      throw invalid('url_invalid', 'Not a valid URL', 'cancel_url')
    }
    const created = nowSeconds()
    const expiresAt = params.expires_at === undefined ? created + MAX_LIFETIME_SECONDS : integerParam(params.expires_at, 'expires_at', 0)
    if (expiresAt < created + MIN_LIFETIME_SECONDS) {
      throw invalid('parameter_invalid_integer', 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at')
    }
    if (expiresAt > created + MAX_LIFETIME_SECONDS) {
      throw invalid('parameter_invalid_integer', 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at')
    }
    const id = `cs_test_${randomId()}`
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      url: `${baseUrl}/pay/${id}`,
      success_url: successUrl,
      cancel_url: cancelUrl ?? null,
      created,
      expires_at: expiresAt,
      amount_subtotal: total,
      amount_total: total,
      currency: currency!,
      metadata: metadataParam(params.metadata, 'metadata'),
      client_reference_id: optionalText(params.client_reference_id, 'client_reference_id'),
      customer_email: optionalText(params.customer_email, 'customer_email'),
      customer: null,
      payment_intent: null,
      livemode: false,
    }
    sessions.set(id, session)
    sessionExtras.set(id, {
      paymentIntentMetadata: metadataParam(record(params.payment_intent_data).metadata, 'payment_intent_data[metadata]'),
      productName,
    })
    return ok(session)
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
    const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`
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

  async function emitEvent(type: string, object: unknown, idempotencyKey: string | null): Promise<{ event: FakeStripeEvent, delivery: FakeStripeDelivery }> {
    const event: FakeStripeEvent = {
      id: `evt_${randomId()}`,
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      livemode: false,
      type,
      pending_webhooks: fake.webhookUrl === undefined ? 0 : 1,
      request: { id: idempotencyKey === null ? null : `req_${randomId()}`, idempotency_key: idempotencyKey },
      data: { object },
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
function missing(objectName: string, id: string, param: string): ApiError {
  const status = param === 'payment_intent' || param === 'charge' ? 400 : 404
  return new ApiError(status, 'invalid_request_error', 'resource_missing', `No such ${objectName}: '${id}'`, param, true)
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
