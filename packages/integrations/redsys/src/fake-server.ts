import { randomBytes, randomInt } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isValidRedsysOrderNumber } from './order-number'
import { type RedsysParams, type RedsysSignedMessage, signRedsysParams, verifyRedsysRequest } from './signature'

/**
 * A local stand-in for Redsys TPV Virtual, speaking its wire protocol on 127.0.0.1, for tests and
 * local development. It keeps everything in memory and forgets it on stop(). One file over 300
 * lines on purpose: it is one protocol's server, and its state (orders, refunds) is shared by
 * every route.
 *
 * Error codes it answers with (the SIS codes other than SIS0042 are the fake's own choice, not
 * checked against Redsys' list):
 * - SIS0042: the request signature does not verify (as Redsys).
 * - SIS0018: a required parameter is missing or malformed, or the operation is not simulated.
 * - SIS0050: refund of an order this fake never approved.
 */

/** Redsys' answer for a signature it cannot verify. */
const SIGNATURE_ERROR = 'SIS0042'
const DATA_ERROR = 'SIS0018'
const UNKNOWN_ORDER_ERROR = 'SIS0050'

const RESPONSE_APPROVED = '0000'
const RESPONSE_DENIED = '0190'
const RESPONSE_USER_CANCELLED = '9915'
const RESPONSE_DUPLICATE_ORDER = '0913'
const RESPONSE_REFUND_AUTHORISED = '0900'
const RESPONSE_REFUND_REFUSED = '0950'

const REFUND_TRANSACTION_TYPE = '3'
/** DS_MERCHANT_PAYMETHODS value for Bizum, and the Ds_ProcessedPayMethod Redsys reports for it. */
const BIZUM_PAYMETHOD = 'z'
const BIZUM_PROCESSED = '68'
const CARD_PROCESSED = '5'

/** `GET` here answers `{ payments, refunds }` as JSON (the fake's own route; Redsys has none). */
export const FAKE_STATE_PATH = '/_fake/state'

const MAX_BODY_BYTES = 64 * 1024
const MAX_OPEN_SESSIONS = 1000
const NOTIFICATION_TIMEOUT_MS = 10_000

export interface FakeRedsysOptions {
  merchantKeyBase64: string
  /** 0 (the default) picks a free port. */
  port?: number
}

/** One decision taken on the fake payment page, and what the merchant was told about it. */
export interface FakeRedsysPayment {
  order: string
  amount: string
  currency: string
  merchantCode: string
  terminal: string
  /** The Ds_Response sent in the notification. */
  response: string
  processedPayMethod: string
  /** The decoded notification parameters, as sent. */
  notificationParams: RedsysParams
  /** The signed form fields of the notification, as sent (to send it again, as Redsys retries). */
  notificationFields: RedsysSignedMessage
  /** HTTP status from DS_MERCHANT_MERCHANTURL, or why it could not be reached (no retries). */
  notification: { status: number } | { error: string } | { skipped: 'no DS_MERCHANT_MERCHANTURL' }
}

export interface FakeRedsys {
  /** Base URL, e.g. http://127.0.0.1:54321; the form goes to `${url}/sis/realizarPago`. */
  url: string
  /** Decoded params of every correctly signed refund request received. */
  refunds: RedsysParams[]
  /** Every decision taken on the payment page. */
  payments: FakeRedsysPayment[]
  stop: () => Promise<void>
}

interface PaymentSession {
  params: RedsysParams
}

interface ApprovedOrder {
  amountMinor: number
  refundedMinor: number
  currency: string
  processedPayMethod: string
}

class BodyTooLargeError extends Error {}

/** Starts the fake on 127.0.0.1. Resolves once it is listening. */
export async function startFakeRedsys(options: FakeRedsysOptions): Promise<FakeRedsys> {
  const { merchantKeyBase64 } = options
  const sessions = new Map<string, PaymentSession>()
  const approvedOrders = new Map<string, ApprovedOrder>()
  const refunds: RedsysParams[] = []
  const payments: FakeRedsysPayment[] = []

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake-redsys').pathname
    // Not Redsys: what the fake saw, for tests that run it in another process than their own.
    if (path === FAKE_STATE_PATH && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ payments, refunds }))
      return
    }
    const route = ROUTES[path]
    if (route === undefined) return sendText(res, 404, 'Not found')
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST')
      return sendText(res, 405, 'Method not allowed')
    }
    const body = await readBody(req)
    if (route === 'payment') return showPaymentPage(res, new URLSearchParams(body))
    if (route === 'decision') return takeDecision(res, new URLSearchParams(body))
    return handleRest(res, body)
  }

  function showPaymentPage(res: ServerResponse, form: URLSearchParams): void {
    const verification = verifyRedsysRequest(merchantKeyBase64, formFields(form))
    if (!verification.valid) return sendSisErrorPage(res, SIGNATURE_ERROR)
    const { params } = verification
    const order = param(params, 'DS_MERCHANT_ORDER')
    const amount = param(params, 'DS_MERCHANT_AMOUNT')
    const complete = isValidRedsysOrderNumber(order) && /^\d+$/.test(amount) && Number(amount) > 0
      && ['DS_MERCHANT_MERCHANTCODE', 'DS_MERCHANT_CURRENCY', 'DS_MERCHANT_TERMINAL', 'DS_MERCHANT_TRANSACTIONTYPE']
        .every(name => param(params, name) !== '')
    if (!complete) return sendSisErrorPage(res, DATA_ERROR)

    if (sessions.size >= MAX_OPEN_SESSIONS) {
      const oldest = sessions.keys().next().value
      if (oldest !== undefined) sessions.delete(oldest)
    }
    const token = randomBytes(16).toString('base64url')
    sessions.set(token, { params })
    const bizum = param(params, 'DS_MERCHANT_PAYMETHODS') === BIZUM_PAYMETHOD
    const decisionForm = (decision: string, label: string) =>
      `<form method="post" action="/sis/realizarPago/decision">`
      + `<input type="hidden" name="token" value="${token}">`
      + `<input type="hidden" name="decision" value="${decision}">`
      + `<button type="submit" name="button" value="${decision}">${label}</button></form>`
    sendHtml(res, 200, page('Fake Redsys payment', [
      `<h1>Fake Redsys${bizum ? ' — Bizum' : ''}</h1>`,
      `<p>Merchant: ${escapeHtml(param(params, 'DS_MERCHANT_MERCHANTNAME') || param(params, 'DS_MERCHANT_MERCHANTCODE'))}</p>`,
      `<p>Order: ${escapeHtml(order)}</p>`,
      `<p>Amount: ${escapeHtml(amount)} (minor units, currency ${escapeHtml(param(params, 'DS_MERCHANT_CURRENCY'))})</p>`,
      decisionForm('approve', 'Approve'),
      decisionForm('deny', 'Deny'),
      decisionForm('cancel', 'Cancel'),
    ].join('\n')))
  }

  async function takeDecision(res: ServerResponse, form: URLSearchParams): Promise<void> {
    const token = form.get('token') ?? ''
    const decision = form.get('decision') ?? ''
    const session = sessions.get(token)
    if (session === undefined || !['approve', 'deny', 'cancel'].includes(decision)) {
      return sendHtml(res, 400, page('Fake Redsys', '<p>Unknown or already used payment session.</p>'))
    }
    sessions.delete(token)
    const { params } = session
    const order = param(params, 'DS_MERCHANT_ORDER')
    const merchantCode = param(params, 'DS_MERCHANT_MERCHANTCODE')
    const orderKey = `${merchantCode}/${order}`
    const processedPayMethod = param(params, 'DS_MERCHANT_PAYMETHODS') === BIZUM_PAYMETHOD ? BIZUM_PROCESSED : CARD_PROCESSED

    let response: string
    if (decision === 'cancel') response = RESPONSE_USER_CANCELLED
    else if (approvedOrders.has(orderKey)) response = RESPONSE_DUPLICATE_ORDER
    else response = decision === 'approve' ? RESPONSE_APPROVED : RESPONSE_DENIED
    const approved = response === RESPONSE_APPROVED
    if (approved) {
      approvedOrders.set(orderKey, {
        amountMinor: Number(param(params, 'DS_MERCHANT_AMOUNT')),
        refundedMinor: 0,
        currency: param(params, 'DS_MERCHANT_CURRENCY'),
        processedPayMethod,
      })
    }

    const { date, hour } = madridDateAndHour(new Date())
    const notificationParams: RedsysParams = {
      Ds_Date: encodeURIComponent(date),
      Ds_Hour: encodeURIComponent(hour),
      Ds_Amount: param(params, 'DS_MERCHANT_AMOUNT'),
      Ds_Currency: param(params, 'DS_MERCHANT_CURRENCY'),
      Ds_Order: order,
      Ds_MerchantCode: merchantCode,
      Ds_Terminal: param(params, 'DS_MERCHANT_TERMINAL'),
      Ds_Response: response,
      Ds_TransactionType: param(params, 'DS_MERCHANT_TRANSACTIONTYPE'),
      Ds_SecurePayment: '1',
      Ds_AuthorisationCode: approved ? sixDigits() : '',
      Ds_MerchantData: param(params, 'DS_MERCHANT_MERCHANTDATA'),
      Ds_ProcessedPayMethod: processedPayMethod,
      Ds_Card_Brand: '1',
      Ds_Card_Country: '724',
    }
    const notificationFields = signRedsysParams(merchantKeyBase64, notificationParams, order, 'base64url')
    const notification = await notifyMerchant(param(params, 'DS_MERCHANT_MERCHANTURL'), notificationFields)
    payments.push({
      order,
      amount: param(params, 'DS_MERCHANT_AMOUNT'),
      currency: param(params, 'DS_MERCHANT_CURRENCY'),
      merchantCode,
      terminal: param(params, 'DS_MERCHANT_TERMINAL'),
      response,
      processedPayMethod,
      notificationParams,
      notificationFields,
      notification,
    })

    const returnUrl = param(params, approved ? 'DS_MERCHANT_URLOK' : 'DS_MERCHANT_URLKO')
    if (returnUrl !== '') {
      res.writeHead(302, { location: returnUrl })
      res.end()
      return
    }
    sendHtml(res, 200, page('Fake Redsys', `<p>${approved ? 'Payment approved' : 'Payment not approved'} (${response}).</p>`))
  }

  /** Like Redsys' online notification: a server-side form POST, awaited before the redirect, never retried. */
  async function notifyMerchant(merchantUrl: string, signed: RedsysSignedMessage): Promise<FakeRedsysPayment['notification']> {
    if (merchantUrl === '') return { skipped: 'no DS_MERCHANT_MERCHANTURL' }
    try {
      const response = await fetch(merchantUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...signed }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(NOTIFICATION_TIMEOUT_MS),
      })
      await response.arrayBuffer()
      return { status: response.status }
    }
    catch (error) {
      return { error: error instanceof Error ? error.message : 'notification failed' }
    }
  }

  function handleRest(res: ServerResponse, body: string): void {
    let message: unknown
    try {
      message = JSON.parse(body)
    }
    catch {
      return sendJson(res, 400, { errorCode: DATA_ERROR })
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return sendJson(res, 400, { errorCode: DATA_ERROR })
    }
    const verification = verifyRedsysRequest(merchantKeyBase64, message as Record<string, unknown>)
    if (!verification.valid) return sendJson(res, 200, { errorCode: SIGNATURE_ERROR })
    const { params } = verification
    if (param(params, 'DS_MERCHANT_TRANSACTIONTYPE') !== REFUND_TRANSACTION_TYPE) {
      return sendJson(res, 200, { errorCode: DATA_ERROR })
    }
    refunds.push(params)

    const order = param(params, 'DS_MERCHANT_ORDER')
    const merchantCode = param(params, 'DS_MERCHANT_MERCHANTCODE')
    const amount = param(params, 'DS_MERCHANT_AMOUNT')
    const payment = approvedOrders.get(`${merchantCode}/${order}`)
    if (payment === undefined) return sendJson(res, 200, { errorCode: UNKNOWN_ORDER_ERROR })
    if (!/^\d+$/.test(amount) || Number(amount) <= 0 || param(params, 'DS_MERCHANT_CURRENCY') !== payment.currency) {
      return sendJson(res, 200, { errorCode: DATA_ERROR })
    }
    const amountMinor = Number(amount)
    const refused = amountMinor > payment.amountMinor - payment.refundedMinor
    if (!refused) payment.refundedMinor += amountMinor
    const responseParams: RedsysParams = {
      Ds_Amount: amount,
      Ds_Currency: payment.currency,
      Ds_Order: order,
      Ds_MerchantCode: merchantCode,
      Ds_Terminal: param(params, 'DS_MERCHANT_TERMINAL'),
      Ds_Response: refused ? RESPONSE_REFUND_REFUSED : RESPONSE_REFUND_AUTHORISED,
      Ds_AuthorisationCode: refused ? '' : sixDigits(),
      Ds_TransactionType: REFUND_TRANSACTION_TYPE,
      Ds_SecurePayment: '0',
      Ds_Language: '1',
      Ds_MerchantData: '',
      Ds_Card_Country: '724',
      Ds_Card_Brand: '1',
      Ds_ProcessedPayMethod: payment.processedPayMethod,
    }
    sendJson(res, 200, signRedsysParams(merchantKeyBase64, responseParams, order))
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof BodyTooLargeError) sendText(res, 413, 'Request body too large')
      else sendText(res, 500, 'Fake Redsys internal error')
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
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    refunds,
    payments,
    stop: () => new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }
}

const ROUTES: Record<string, 'payment' | 'decision' | 'rest' | undefined> = {
  '/sis/realizarPago': 'payment',
  '/sis/realizarPago/decision': 'decision',
  '/sis/rest/trataPeticionREST': 'rest',
}

/** A Redsys parameter by its upper-case name, also accepting the CamelCase spelling Redsys allows. */
function param(params: RedsysParams, upperName: string): string {
  const direct = params[upperName]
  if (typeof direct === 'string') return direct
  for (const [name, value] of Object.entries(params)) {
    if (name.toUpperCase() === upperName && typeof value === 'string') return value
  }
  return ''
}

function formFields(form: URLSearchParams): Record<string, unknown> {
  return {
    Ds_SignatureVersion: form.get('Ds_SignatureVersion') ?? undefined,
    Ds_MerchantParameters: form.get('Ds_MerchantParameters') ?? undefined,
    Ds_Signature: form.get('Ds_Signature') ?? undefined,
  }
}

/** Redsys reports the date and time in Spain, as dd/mm/yyyy and HH:MM. */
function madridDateAndHour(now: Date): { date: string, hour: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now).map(part => [part.type, part.value]))
  return { date: `${parts.day}/${parts.month}/${parts.year}`, hour: `${parts.hour}:${parts.minute}` }
}

function sixDigits(): string {
  return String(randomInt(1_000_000)).padStart(6, '0')
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

function sendSisErrorPage(res: ServerResponse, code: string): void {
  // Redsys answers a bad request with a 200 page naming the SIS code, not with an HTTP error.
  sendHtml(res, 200, page(`Error ${code}`, `<!--${code}:-->\n<h1>Error ${code}</h1>`))
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body}\n</body></html>\n`
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end(html)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
