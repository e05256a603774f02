import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isDeepStrictEqual } from 'node:util'
import { currencyMinorDigits, formatPayPalAmount, parsePayPalAmount } from './amount'
import { createSelfSignedCertificate } from './self-signed-certificate'
import { PAYPAL_AUTH_ALGO, signPayPalWebhook } from './webhook-signature'

/**
 * A local stand-in for PayPal's REST API (OAuth token, Orders v2, Payments v2 refunds, webhook
 * verification) and its hosted approval page, on 127.0.0.1, for tests and local development.
 * Everything is in memory and forgotten on stop(). One file over 300 lines on purpose: it is one
 * protocol's server and every route shares its state.
 *
 * Its own choices, not checked against PayPal: REFUND_AMOUNT_EXCEEDED for an over-refund, the
 * `Prefer: return=minimal` shape ({id, status, links}), 200 (not 201) for a request-id replay,
 * and the webhook certificate at /v1/certs/fake. ORDER_ALREADY_CAPTURED itself is UNVERIFIED.
 */

const MAX_BODY_BYTES = 256 * 1024
const WEBHOOK_TIMEOUT_MS = 10_000
const TOKEN_LIFETIME_SECONDS = 32_400
const CERT_PATH = '/v1/certs/fake'

export interface FakePayPalOptions {
  clientId: string
  clientSecret: string
  /** The webhook subscription id it signs deliveries for and verifies against. */
  webhookId: string
  /** Where webhook events are POSTed; without it they are only signed and returned. */
  webhookUrl?: string
  /** 0 (the default) picks a free port. */
  port?: number
}

export interface FakePayPalCapture {
  id: string
  orderId: string
  status: 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED'
  amountMinor: number
  refundedMinor: number
  currency: string
}

export interface FakePayPalOrder {
  id: string
  status: 'CREATED' | 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED'
  /** The create request's purchase units, as received (snake_case JSON). */
  purchaseUnits: Record<string, unknown>[]
  currency: string
  /** The first purchase unit's `amount.value`, exactly as sent. */
  amountValue: string
  amountMinor: number
  customId: string | undefined
  returnUrl: string | undefined
  cancelUrl: string | undefined
  walletSource: boolean
  payerId: string | undefined
  capture: FakePayPalCapture | undefined
  createTime: string
  requestId: string | undefined
}

export interface FakePayPalRefund {
  id: string
  captureId: string
  status: 'COMPLETED'
  amountMinor: number
  currency: string
  noteToPayer: string | undefined
  requestId: string | undefined
  createTime: string
}

/** One signed webhook event, and whether the merchant got it. */
export interface FakePayPalDelivery {
  eventId: string
  eventType: string
  rawBody: string
  headers: Record<string, string>
  /** HTTP status from webhookUrl, or why it failed (no retries), or 'no webhookUrl'. */
  result: { status: number } | { error: string } | { skipped: 'no webhookUrl' }
}

export interface FakePayPal {
  /** Base URL, e.g. http://127.0.0.1:54321: createPayPalClient({ baseUrl }) and the cert origin. */
  url: string
  orders: Map<string, FakePayPalOrder>
  refunds: FakePayPalRefund[]
  deliveries: FakePayPalDelivery[]
  /** The PEM served at `${url}/v1/certs/fake`. */
  certificatePem: string
  /** Signs and sends a webhook event with any resource, e.g. a dispute. */
  sendEvent: (eventType: string, resource: Record<string, unknown>) => Promise<FakePayPalDelivery>
  stop: () => Promise<void>
}

class BodyTooLargeError extends Error {}
/** A PayPal error answer, thrown from a route and sent by the server's one catch. */
class PayPalFault extends Error {
  readonly status: number
  readonly body: Record<string, unknown>
  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.name))
    this.status = status
    this.body = body
  }
}

/** Starts the fake on 127.0.0.1. Resolves once it is listening. */
export async function startFakePayPal(options: FakePayPalOptions): Promise<FakePayPal> {
  const { clientId, clientSecret, webhookId } = options
  const { certificatePem, privateKey } = createSelfSignedCertificate('fake-paypal.local')
  const tokens = new Set<string>()
  const orders = new Map<string, FakePayPalOrder>()
  const captures = new Map<string, FakePayPalCapture>()
  const refunds: FakePayPalRefund[] = []
  const deliveries: FakePayPalDelivery[] = []
  /** `<operation>:<PayPal-Request-Id>` → the id of what the first request made. */
  const requestIds = new Map<string, string>()
  let baseUrl = ''

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-paypal')
    const method = req.method ?? 'GET'
    const path = url.pathname
    if (method === 'GET' && path === CERT_PATH) return sendText(res, 200, certificatePem, 'application/x-pem-file')
    if (method === 'GET' && path === '/checkoutnow') return showApprovalPage(res, url.searchParams.get('token') ?? '')
    const body = await readBody(req)
    if (method === 'POST' && path === '/checkoutnow/decision') return takeDecision(res, new URLSearchParams(body))
    if (method === 'POST' && path === '/v1/oauth2/token') return issueToken(req, res, body)

    if (!hasValidBearer(req)) {
      return sendJson(res, 401, { name: 'AUTHENTICATION_FAILURE', message: 'Authentication failed due to invalid authentication credentials or a missing Authorization header.', links: [] })
    }
    const requestId = header(req, 'paypal-request-id')
    const minimal = header(req, 'prefer') !== 'return=representation'
    let match: RegExpExecArray | null
    if (method === 'POST' && path === '/v2/checkout/orders') return createOrder(res, parseJson(body), requestId, minimal)
    if (method === 'GET' && (match = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path))) return sendJson(res, 200, orderJson(findOrder(match[1]!)))
    if (method === 'POST' && (match = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(path))) return captureOrder(res, match[1]!, requestId, minimal)
    if (method === 'GET' && (match = /^\/v2\/payments\/captures\/([^/]+)$/.exec(path))) return sendJson(res, 200, captureJson(findCapture(match[1]!)))
    if (method === 'POST' && (match = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path))) return refundCapture(res, match[1]!, body, requestId, minimal)
    if (method === 'GET' && (match = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(path))) {
      const refund = refunds.find(candidate => candidate.id === match![1])
      if (refund === undefined) throw notFound()
      return sendJson(res, 200, refundJson(refund))
    }
    if (method === 'POST' && path === '/v1/notifications/verify-webhook-signature') return verifyWebhookSignature(res, parseJson(body))
    throw new PayPalFault(404, errorBody('RESOURCE_NOT_FOUND', 'The specified resource does not exist.', 'INVALID_RESOURCE_ID'))
  }

  function issueToken(req: IncomingMessage, res: ServerResponse, body: string): void {
    const expected = Buffer.from(`Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`)
    const given = Buffer.from(header(req, 'authorization') ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' })
    }
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'Grant Type is not supported' })
    }
    const accessToken = `A21AA${randomBytes(24).toString('base64url')}`
    tokens.add(accessToken)
    sendJson(res, 200, {
      scope: 'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/applications/verify-webhook-signature',
      access_token: accessToken,
      token_type: 'Bearer',
      app_id: 'APP-FAKE',
      expires_in: TOKEN_LIFETIME_SECONDS,
      nonce: randomUUID(),
    })
  }

  function hasValidBearer(req: IncomingMessage): boolean {
    const match = /^Bearer (\S+)$/.exec(header(req, 'authorization') ?? '')
    return match !== null && tokens.has(match[1]!)
  }

  function createOrder(res: ServerResponse, body: unknown, requestId: string | undefined, minimal: boolean): void {
    const replayed = replay('order', requestId)
    if (replayed !== undefined) return sendOrder(res, 200, findOrder(replayed), minimal)
    if (!isObject(body)) throw invalidRequest('MALFORMED_REQUEST_JSON', 'body')
    if (body.intent !== 'CAPTURE') throw invalidRequest('INVALID_PARAMETER_VALUE', '/intent', 'The fake only simulates intent CAPTURE.')
    const units = Array.isArray(body.purchase_units) ? body.purchase_units.filter(isObject) : []
    const unit = units[0]
    const amount = isObject(unit?.amount) ? unit.amount : undefined
    const currency = typeof amount?.currency_code === 'string' ? amount.currency_code : ''
    const value = typeof amount?.value === 'string' ? amount.value : ''
    if (unit === undefined || units.length !== 1) throw invalidRequest('MISSING_REQUIRED_PARAMETER', '/purchase_units')
    if (!knownCurrency(currency)) throw invalidRequest('INVALID_PARAMETER_VALUE', '/purchase_units/0/amount/currency_code')
    if (/^\d+\.\d+$/.test(value) && value.split('.')[1]!.length > currencyMinorDigits(currency)) {
      throw new PayPalFault(422, { ...errorBody('UNPROCESSABLE_ENTITY', 'The requested action could not be performed.'), details: [{ field: '/purchase_units/0/amount/value', issue: 'DECIMAL_PRECISION', description: 'If the currency supports decimals, only two decimal place precision is supported.' }] })
    }
    const amountMinor = parsePayPalAmount(value, currency)
    if (amountMinor === undefined || amountMinor <= 0) throw invalidRequest('INVALID_PARAMETER_VALUE', '/purchase_units/0/amount/value')
    const wallet = isObject(body.payment_source) && isObject(body.payment_source.paypal) ? body.payment_source.paypal : undefined
    const experience = isObject(wallet?.experience_context) ? wallet.experience_context : isObject(body.application_context) ? body.application_context : {}
    const order: FakePayPalOrder = {
      id: paypalId(),
      status: wallet === undefined ? 'CREATED' : 'PAYER_ACTION_REQUIRED',
      purchaseUnits: [{ reference_id: 'default', ...unit }],
      currency,
      amountValue: value,
      amountMinor,
      customId: typeof unit.custom_id === 'string' ? unit.custom_id : undefined,
      returnUrl: typeof experience.return_url === 'string' ? experience.return_url : undefined,
      cancelUrl: typeof experience.cancel_url === 'string' ? experience.cancel_url : undefined,
      walletSource: wallet !== undefined,
      payerId: undefined,
      capture: undefined,
      createTime: nowIso(),
      requestId,
    }
    orders.set(order.id, order)
    remember('order', requestId, order.id)
    sendOrder(res, 201, order, minimal)
  }

  async function captureOrder(res: ServerResponse, orderId: string, requestId: string | undefined, minimal: boolean): Promise<void> {
    const replayed = replay(`capture:${orderId}`, requestId)
    if (replayed !== undefined) return sendOrder(res, 200, findOrder(replayed), minimal)
    const order = findOrder(orderId)
    if (order.status === 'COMPLETED') {
      throw new PayPalFault(422, errorBody('UNPROCESSABLE_ENTITY', 'The requested action could not be performed, semantically incorrect, or failed business validation.', 'ORDER_ALREADY_CAPTURED', 'Order already captured. If \'intent=CAPTURE\' only one capture per order is allowed.'))
    }
    if (order.status !== 'APPROVED') {
      throw new PayPalFault(422, errorBody('UNPROCESSABLE_ENTITY', 'The requested action could not be performed, semantically incorrect, or failed business validation.', 'ORDER_NOT_APPROVED', 'Payer has not yet approved the Order for payment.'))
    }
    const capture: FakePayPalCapture = { id: paypalId(), orderId, status: 'COMPLETED', amountMinor: order.amountMinor, refundedMinor: 0, currency: order.currency }
    captures.set(capture.id, capture)
    order.capture = capture
    order.status = 'COMPLETED'
    remember(`capture:${orderId}`, requestId, orderId)
    await sendEvent('PAYMENT.CAPTURE.COMPLETED', captureJson(capture))
    sendOrder(res, 201, order, minimal)
  }

  async function refundCapture(res: ServerResponse, captureId: string, body: string, requestId: string | undefined, minimal: boolean): Promise<void> {
    const replayed = replay(`refund:${captureId}`, requestId)
    if (replayed !== undefined) return sendRefund(res, 200, refunds.find(refund => refund.id === replayed)!, minimal)
    const capture = findCapture(captureId)
    const request = body.trim() === '' ? {} : parseJson(body)
    if (!isObject(request)) throw invalidRequest('MALFORMED_REQUEST_JSON', 'body')
    const left = capture.amountMinor - capture.refundedMinor
    if (left === 0) throw new PayPalFault(422, errorBody('UNPROCESSABLE_ENTITY', 'The requested action could not be performed.', 'CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded'))
    let amountMinor = left
    if (request.amount !== undefined) {
      const amount = isObject(request.amount) ? request.amount : {}
      if (amount.currency_code !== capture.currency) throw new PayPalFault(422, errorBody('UNPROCESSABLE_ENTITY', 'The requested action could not be performed.', 'CURRENCY_MISMATCH', 'Refund must be in the capture\'s currency'))
      const asked = parsePayPalAmount(amount.value, capture.currency)
      if (asked === undefined || asked <= 0) throw invalidRequest('INVALID_PARAMETER_VALUE', '/amount/value')
      if (asked > left) throw new PayPalFault(422, errorBody('UNPROCESSABLE_ENTITY', 'The requested action could not be performed.', 'REFUND_AMOUNT_EXCEEDED', 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.'))
      amountMinor = asked
    }
    capture.refundedMinor += amountMinor
    capture.status = capture.refundedMinor === capture.amountMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED'
    const refund: FakePayPalRefund = {
      id: paypalId(),
      captureId,
      status: 'COMPLETED',
      amountMinor,
      currency: capture.currency,
      noteToPayer: typeof request.note_to_payer === 'string' ? request.note_to_payer : undefined,
      requestId,
      createTime: nowIso(),
    }
    refunds.push(refund)
    remember(`refund:${captureId}`, requestId, refund.id)
    await sendEvent('PAYMENT.CAPTURE.REFUNDED', refundJson(refund))
    sendRefund(res, 201, refund, minimal)
  }

  /** SUCCESS only for a delivery this fake signed, for its webhook id, with the very same event. */
  function verifyWebhookSignature(res: ServerResponse, body: unknown): void {
    if (!isObject(body)) throw invalidRequest('MALFORMED_REQUEST_JSON', 'body')
    for (const field of ['auth_algo', 'cert_url', 'transmission_id', 'transmission_sig', 'transmission_time', 'webhook_id']) {
      if (typeof body[field] !== 'string' || body[field] === '') throw invalidRequest('MISSING_REQUIRED_PARAMETER', `/${field}`)
    }
    if (!isObject(body.webhook_event)) throw invalidRequest('MISSING_REQUIRED_PARAMETER', '/webhook_event')
    const delivery = deliveries.find(candidate => candidate.headers['paypal-transmission-id'] === body.transmission_id)
    const genuine = delivery !== undefined
      && body.webhook_id === webhookId
      && body.transmission_sig === delivery.headers['paypal-transmission-sig']
      && body.transmission_time === delivery.headers['paypal-transmission-time']
      && body.cert_url === delivery.headers['paypal-cert-url']
      && body.auth_algo === delivery.headers['paypal-auth-algo']
      && isDeepStrictEqual(body.webhook_event, JSON.parse(delivery.rawBody))
    sendJson(res, 200, { verification_status: genuine ? 'SUCCESS' : 'FAILURE' })
  }

  function showApprovalPage(res: ServerResponse, orderId: string): void {
    const order = orders.get(orderId)
    if (order === undefined) return sendHtml(res, 404, page('Fake PayPal', '<p>This order does not exist.</p>'))
    if (order.status === 'APPROVED' || order.status === 'COMPLETED') {
      return sendHtml(res, 409, page('Fake PayPal', `<p>Order ${escapeHtml(order.id)} is already ${order.status.toLowerCase()}.</p>`))
    }
    const decisionForm = (decision: string, label: string) =>
      `<form method="post" action="/checkoutnow/decision">`
      + `<input type="hidden" name="token" value="${escapeHtml(order.id)}">`
      + `<input type="hidden" name="decision" value="${decision}">`
      + `<button type="submit">${label}</button></form>`
    const unit = order.purchaseUnits[0] ?? {}
    sendHtml(res, 200, page('Fake PayPal checkout', [
      '<h1>Fake PayPal</h1>',
      `<p>Order: ${escapeHtml(order.id)}</p>`,
      `<p>${escapeHtml(typeof unit.description === 'string' ? unit.description : '')}</p>`,
      `<p>Amount: ${escapeHtml(order.amountValue)} ${escapeHtml(order.currency)}</p>`,
      decisionForm('approve', 'Approve'),
      decisionForm('cancel', 'Cancel'),
    ].join('\n')))
  }

  /** Like PayPal: approval is told by CHECKOUT.ORDER.APPROVED (awaited here), then a 302 back. */
  async function takeDecision(res: ServerResponse, form: URLSearchParams): Promise<void> {
    const order = orders.get(form.get('token') ?? '')
    const decision = form.get('decision')
    if (order === undefined || (decision !== 'approve' && decision !== 'cancel') || order.status === 'APPROVED' || order.status === 'COMPLETED') {
      return sendHtml(res, 400, page('Fake PayPal', '<p>Unknown or already decided order.</p>'))
    }
    let location: string | undefined
    if (decision === 'approve') {
      order.status = 'APPROVED'
      order.payerId = randomBytes(7).toString('hex').toUpperCase().slice(0, 13)
      await sendEvent('CHECKOUT.ORDER.APPROVED', orderJson(order))
      location = withQuery(order.returnUrl, { token: order.id, PayerID: order.payerId })
    }
    else {
      location = withQuery(order.cancelUrl, { token: order.id })
    }
    if (location === undefined) return sendHtml(res, 200, page('Fake PayPal', `<p>Order ${decision === 'approve' ? 'approved' : 'cancelled'}.</p>`))
    res.writeHead(302, { location })
    res.end()
  }

  async function sendEvent(eventType: string, resource: Record<string, unknown>): Promise<FakePayPalDelivery> {
    const eventId = `WH-${paypalId()}-${paypalId()}`
    const rawBody = JSON.stringify({
      id: eventId,
      event_version: '1.0',
      create_time: nowIso(),
      resource_type: resourceTypeOf(eventType),
      resource_version: '2.0',
      event_type: eventType,
      summary: `Fake ${eventType}`,
      resource,
      links: [{ href: `${baseUrl}/v1/notifications/webhooks-events/${eventId}`, rel: 'self', method: 'GET' }],
    })
    const transmissionId = randomUUID()
    const transmissionTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'paypal-transmission-id': transmissionId,
      'paypal-transmission-time': transmissionTime,
      'paypal-transmission-sig': signPayPalWebhook(privateKey, transmissionId, transmissionTime, webhookId, rawBody),
      'paypal-cert-url': `${baseUrl}${CERT_PATH}`,
      'paypal-auth-algo': PAYPAL_AUTH_ALGO,
    }
    const delivery: FakePayPalDelivery = { eventId, eventType, rawBody, headers, result: { skipped: 'no webhookUrl' } }
    deliveries.push(delivery)
    if (options.webhookUrl !== undefined) delivery.result = await deliver(options.webhookUrl, rawBody, headers)
    return delivery
  }

  function orderJson(order: FakePayPalOrder): Record<string, unknown> {
    const unit = { ...order.purchaseUnits[0] }
    if (order.capture !== undefined) unit.payments = { captures: [captureJson(order.capture)] }
    const approveRel = order.walletSource ? 'payer-action' : 'approve'
    return compact({
      id: order.id,
      intent: 'CAPTURE',
      status: order.status,
      payment_source: order.walletSource ? { paypal: {} } : undefined,
      payer: order.payerId === undefined ? undefined : { payer_id: order.payerId },
      purchase_units: [unit],
      create_time: order.createTime,
      links: [
        { href: `${baseUrl}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' },
        ...(order.status === 'CREATED' || order.status === 'PAYER_ACTION_REQUIRED'
          ? [{ href: `${baseUrl}/checkoutnow?token=${order.id}`, rel: approveRel, method: 'GET' }]
          : []),
        { href: `${baseUrl}/v2/checkout/orders/${order.id}/capture`, rel: 'capture', method: 'POST' },
      ],
    })
  }

  function captureJson(capture: FakePayPalCapture): Record<string, unknown> {
    const order = orders.get(capture.orderId)
    const unit = order?.purchaseUnits[0] ?? {}
    return compact({
      id: capture.id,
      status: capture.status,
      amount: { currency_code: capture.currency, value: formatPayPalAmount(capture.amountMinor, capture.currency) },
      final_capture: true,
      seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
      custom_id: unit.custom_id,
      invoice_id: unit.invoice_id,
      supplementary_data: { related_ids: { order_id: capture.orderId } },
      links: [
        { href: `${baseUrl}/v2/payments/captures/${capture.id}`, rel: 'self', method: 'GET' },
        { href: `${baseUrl}/v2/payments/captures/${capture.id}/refund`, rel: 'refund', method: 'POST' },
        { href: `${baseUrl}/v2/checkout/orders/${capture.orderId}`, rel: 'up', method: 'GET' },
      ],
      create_time: order?.createTime,
    })
  }

  function refundJson(refund: FakePayPalRefund): Record<string, unknown> {
    const capture = captures.get(refund.captureId)
    const unit = capture === undefined ? {} : orders.get(capture.orderId)?.purchaseUnits[0] ?? {}
    const money = (minor: number) => ({ currency_code: refund.currency, value: formatPayPalAmount(minor, refund.currency) })
    return compact({
      id: refund.id,
      status: refund.status,
      amount: money(refund.amountMinor),
      note_to_payer: refund.noteToPayer,
      custom_id: unit.custom_id,
      invoice_id: unit.invoice_id,
      seller_payable_breakdown: capture === undefined ? undefined : { gross_amount: money(refund.amountMinor), total_refunded_amount: money(capture.refundedMinor) },
      links: [
        { href: `${baseUrl}/v2/payments/refunds/${refund.id}`, rel: 'self', method: 'GET' },
        { href: `${baseUrl}/v2/payments/captures/${refund.captureId}`, rel: 'up', method: 'GET' },
      ],
      create_time: refund.createTime,
      update_time: refund.createTime,
    })
  }

  function sendOrder(res: ServerResponse, status: number, order: FakePayPalOrder, minimal: boolean): void {
    const full = orderJson(order)
    sendJson(res, status, minimal ? { id: full.id, status: full.status, links: full.links } : full)
  }

  function sendRefund(res: ServerResponse, status: number, refund: FakePayPalRefund, minimal: boolean): void {
    const full = refundJson(refund)
    sendJson(res, status, minimal ? { id: full.id, status: full.status, links: full.links } : full)
  }

  function findOrder(id: string): FakePayPalOrder {
    const order = orders.get(id)
    if (order === undefined) throw notFound()
    return order
  }

  function findCapture(id: string): FakePayPalCapture {
    const capture = captures.get(id)
    if (capture === undefined) throw notFound()
    return capture
  }

  function replay(operation: string, requestId: string | undefined): string | undefined {
    return requestId === undefined ? undefined : requestIds.get(`${operation}:${requestId}`)
  }

  function remember(operation: string, requestId: string | undefined, id: string): void {
    if (requestId !== undefined) requestIds.set(`${operation}:${requestId}`, id)
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof PayPalFault) sendJson(res, error.status, error.body)
      else if (error instanceof BodyTooLargeError) sendJson(res, 413, errorBody('REQUEST_ENTITY_TOO_LARGE', 'Request body too large.'))
      else sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'An internal server error has occurred.'))
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

  return {
    url: baseUrl,
    orders,
    refunds,
    deliveries,
    certificatePem,
    sendEvent,
    stop: () => new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }
}

/** PayPal-style upper-case alphanumeric ids (17 characters, like 5O190127TN364715T). */
function paypalId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  return Array.from(randomBytes(17), byte => alphabet[byte % alphabet.length]).join('')
}

function resourceTypeOf(eventType: string): string {
  if (eventType.startsWith('CHECKOUT.ORDER.')) return 'checkout-order'
  if (eventType === 'PAYMENT.CAPTURE.REFUNDED') return 'refund'
  if (eventType.startsWith('PAYMENT.CAPTURE.')) return 'capture'
  if (eventType.startsWith('CUSTOMER.DISPUTE.')) return 'dispute'
  return 'unknown'
}

function knownCurrency(currency: string): boolean {
  try {
    currencyMinorDigits(currency)
    return true
  }
  catch {
    return false
  }
}

async function deliver(webhookUrl: string, rawBody: string, headers: Record<string, string>): Promise<FakePayPalDelivery['result']> {
  try {
    const response = await fetch(webhookUrl, { method: 'POST', headers, body: rawBody, redirect: 'manual', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) })
    await response.arrayBuffer()
    return { status: response.status }
  }
  catch (error) {
    return { error: error instanceof Error ? error.message : 'delivery failed' }
  }
}

function errorBody(name: string, message: string, issue?: string, description?: string): Record<string, unknown> {
  return {
    name,
    message,
    debug_id: randomBytes(7).toString('hex'),
    ...(issue === undefined ? {} : { details: [{ issue, description: description ?? message }] }),
    links: [],
  }
}

function invalidRequest(issue: string, field: string, description = 'A parameter value is not valid.'): PayPalFault {
  return new PayPalFault(400, { ...errorBody('INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.'), details: [{ field, location: 'body', issue, description }] })
}

function notFound(): PayPalFault {
  return new PayPalFault(404, errorBody('RESOURCE_NOT_FOUND', 'The specified resource does not exist.', 'INVALID_RESOURCE_ID', 'Specified resource ID does not exist. Please check the resource ID and try again.'))
}

function withQuery(target: string | undefined, params: Record<string, string>): string | undefined {
  if (target === undefined) return undefined
  const url = new URL(target)
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  return url.toString()
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  }
  catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return typeof value === 'string' ? value : undefined
}

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': randomBytes(7).toString('hex') })
  res.end(JSON.stringify(body))
}

function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType })
  res.end(text)
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
