import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerFakeTwilioControl, type FakeTwilioControls } from './fake-control-routes'
import { parseTwilioForm } from './form-fields'
import { twilioKeywordOf } from './keywords'
import { countSmsSegments } from './segments'
import { signTwilioRequest, TWILIO_SIGNATURE_HEADER, type TwilioFormParams } from './signature'
import { FAKE_TWILIO_CONTROL_PREFIX } from './testing/control'

/**
 * A local stand-in for Twilio Programmable Messaging on 127.0.0.1: the Messages API the real SDK
 * calls (through createTwilioClient's apiUrl), signed inbound-SMS and status-callback webhooks,
 * and Twilio's own STOP bookkeeping. In memory, forgotten on close(). Its test-only `/_fake/...`
 * routes, for tests in another process, are in fake-control-routes.ts (paths and helpers in
 * testing/control.ts).
 *
 * Its own choices, not checked against Twilio: opt-outs are kept per (our number, their number)
 * pair, as Twilio does for long codes without a Messaging Service; ErrorCode 30008 when a test
 * fails a message without naming a code; the message texts of its errors.
 */

const API_VERSION = '2010-04-01'
const MAX_BODY_BYTES = 64 * 1024
const WEBHOOK_TIMEOUT_MS = 15_000
const E164 = /^\+[1-9]\d{1,14}$/
const DELIVERY_STATUSES_WITH_ERROR = new Set(['failed', 'undelivered'])

export interface FakeTwilioOptions {
  accountSid: string
  authToken: string
  /** 0 (the default) picks a free port. */
  port?: number
}

/** One API call the fake answered. */
export interface FakeTwilioRequest {
  method: string
  path: string
  status: number
  /** Whether HTTP Basic auth matched the account. */
  authenticated: boolean
  params: TwilioFormParams
}

/** One message accepted through POST Messages.json. */
export interface FakeTwilioSentMessage {
  sid: string
  from: string
  to: string
  body: string
  statusCallback: string | null
}

/** A message as the fake stores it (outbound and inbound), for GET and status callbacks. */
export interface FakeTwilioMessage extends FakeTwilioSentMessage {
  direction: 'outbound-api' | 'inbound'
  status: string
  errorCode: number | null
  dateCreated: Date
  dateUpdated: Date
}

/** What the test's webhook endpoint answered. */
export interface FakeTwilioResponse {
  status: number
  text: string
  contentType: string | null
}

/** One webhook the fake POSTed. */
export interface FakeTwilioDelivery {
  kind: 'inbound' | 'status'
  url: string
  params: Record<string, string>
  signature: string
  response: FakeTwilioResponse | null
}

export interface FakeTwilio {
  /** Pass as TwilioConfig.apiUrl. */
  apiUrl: string
  requests: FakeTwilioRequest[]
  sent: FakeTwilioSentMessage[]
  messages: Map<string, FakeTwilioMessage>
  deliveries: FakeTwilioDelivery[]
  /** Texts `body` from `from` to our number `to`: a signed form POST to `url`, with STOP/START applied first. */
  sendInbound: (input: { url: string, from: string, to: string, body: string }) => Promise<FakeTwilioResponse>
  /** Moves a sent message to `status` and POSTs the signed callback to its StatusCallback. */
  sendStatus: (sid: string, status: string, options?: { errorCode?: number }) => Promise<FakeTwilioResponse>
  /** Whether `recipient` has texted STOP (and not START) to our number `sender`. */
  isOptedOut: (recipient: string, sender: string) => boolean
  /** Makes the next POST Messages.json fail with this status and error code (e.g. 500/20500, 429/20429). */
  failNextSend: (failure: { status: number, code: number, message?: string }) => void
  close: () => Promise<void>
}

class TwilioApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message)
  }
}

export function newTwilioSid(prefix: 'SM' | 'MM'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`
}

export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const { accountSid, authToken } = options
  const requests: FakeTwilioRequest[] = []
  const sent: FakeTwilioSentMessage[] = []
  const messages = new Map<string, FakeTwilioMessage>()
  const deliveries: FakeTwilioDelivery[] = []
  const optOuts = new Set<string>()
  const failures: Array<{ status: number, code: number, message?: string }> = []
  const optOutKey = (ourNumber: string, theirNumber: string) => `${ourNumber}\n${theirNumber}`
  const expectedAuth = Buffer.from(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`)
  const messagesPath = `/${API_VERSION}/Accounts/${accountSid}/Messages`

  const isAuthenticated = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '')
    return given.length === expectedAuth.length && timingSafeEqual(given, expectedAuth)
  }

  const createMessage = (params: TwilioFormParams): FakeTwilioMessage => {
    const failure = failures.shift()
    if (failure) throw new TwilioApiError(failure.status, failure.code, failure.message ?? 'Injected failure')
    const field = (name: string) => (typeof params[name] === 'string' ? params[name] : undefined)
    const to = field('To')
    const from = field('From')
    const body = field('Body')
    const statusCallback = field('StatusCallback') ?? null
    if (!to) throw new TwilioApiError(400, 21604, 'A \'To\' phone number is required.')
    if (!from) throw new TwilioApiError(400, 21603, 'A \'From\' phone number is required.')
    if (!body) throw new TwilioApiError(400, 21602, 'Message body is required.')
    // Twilio's own texts quote the number, which is why TwilioSendError never copies them.
    if (!E164.test(to)) throw new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`)
    if (body.length > 1600) throw new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.')
    if (optOuts.has(optOutKey(from, to))) throw new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient')
    const now = new Date()
    const message: FakeTwilioMessage = {
      sid: newTwilioSid('SM'), from, to, body, statusCallback,
      direction: 'outbound-api', status: 'queued', errorCode: null, dateCreated: now, dateUpdated: now,
    }
    messages.set(message.sid, message)
    sent.push({ sid: message.sid, from, to, body, statusCallback })
    return message
  }

  const route = (req: IncomingMessage, params: TwilioFormParams): { status: number, body: unknown } => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname
    if (!isAuthenticated(req)) throw new TwilioApiError(401, 20003, 'Authenticate')
    if (req.method === 'POST' && path === `${messagesPath}.json`) return { status: 201, body: messageJson(createMessage(params)) }
    const sid = path.startsWith(`${messagesPath}/`) && path.endsWith('.json') ? path.slice(messagesPath.length + 1, -5) : null
    const message = sid === null ? undefined : messages.get(sid)
    if (req.method === 'GET' && message) return { status: 200, body: messageJson(message) }
    throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`)
  }

  const messageJson = (message: FakeTwilioMessage) => ({
    sid: message.sid,
    account_sid: accountSid,
    messaging_service_sid: null,
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    direction: message.direction,
    num_segments: String(countSmsSegments(message.body)),
    num_media: '0',
    error_code: message.errorCode,
    error_message: null,
    price: null,
    price_unit: 'USD',
    api_version: API_VERSION,
    date_created: message.dateCreated.toUTCString().replace('GMT', '+0000'),
    date_updated: message.dateUpdated.toUTCString().replace('GMT', '+0000'),
    date_sent: null,
    uri: `${messagesPath}/${message.sid}.json`,
    subresource_uris: { media: `${messagesPath}/${message.sid}/Media.json` },
  })

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname
    // Test-only routes, kept out of `requests` so tests of the API log see only the SDK.
    if (path.startsWith(FAKE_TWILIO_CONTROL_PREFIX)) return answerControl(req, res, path)
    const log: FakeTwilioRequest = { method: req.method ?? '', path: req.url ?? '', status: 0, authenticated: isAuthenticated(req), params: {} }
    requests.push(log)
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.status = status
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'twilio-request-id': `RQ${randomBytes(16).toString('hex')}`, ...headers })
      res.end(JSON.stringify(body))
    }
    try {
      log.params = parseTwilioForm(await readBody(req))
      const { status, body } = route(req, log.params)
      reply(status, body)
    }
    catch (error) {
      if (!(error instanceof TwilioApiError)) return reply(500, { code: 20500, message: 'Internal Server Error', more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 })
      const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Basic realm="Twilio API"' } : {}
      reply(error.status, { code: error.code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status: error.status }, headers)
    }
  }

  const answerControl = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    let answer: { status: number, body: unknown }
    try {
      answer = await answerFakeTwilioControl(controls, req.method ?? 'GET', path, await readBody(req))
    }
    catch (error) {
      answer = error instanceof TwilioApiError
        ? { status: error.status, body: { error: 'body_too_large', message: error.message } }
        : { status: 500, body: { error: 'fake_error', message: error instanceof Error ? error.message : String(error) } }
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(answer.body))
  }

  const deliver = async (kind: FakeTwilioDelivery['kind'], url: string, params: Record<string, string>): Promise<FakeTwilioResponse> => {
    const signature = signTwilioRequest(authToken, url, params)
    const delivery: FakeTwilioDelivery = { kind, url, params, signature, response: null }
    deliveries.push(delivery)
    const answer = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        [TWILIO_SIGNATURE_HEADER]: signature,
        'i-twilio-idempotency-token': randomUUID(),
        'user-agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    })
    delivery.response = { status: answer.status, text: await answer.text(), contentType: answer.headers.get('content-type') }
    return delivery.response
  }

  const sendInbound: FakeTwilio['sendInbound'] = async ({ url, from, to, body }) => {
    // Twilio acts on the keyword itself, whatever our webhook answers.
    const keyword = twilioKeywordOf(body)
    if (keyword === 'stop') optOuts.add(optOutKey(to, from))
    if (keyword === 'start') optOuts.delete(optOutKey(to, from))
    const now = new Date()
    const sid = newTwilioSid('SM')
    messages.set(sid, { sid, from, to, body, statusCallback: null, direction: 'inbound', status: 'received', errorCode: null, dateCreated: now, dateUpdated: now })
    return deliver('inbound', url, {
      MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, AccountSid: accountSid,
      From: from, To: to, Body: body, NumMedia: '0', NumSegments: String(countSmsSegments(body)), SmsStatus: 'received', ApiVersion: API_VERSION,
    })
  }

  const sendStatus: FakeTwilio['sendStatus'] = async (sid, status, statusOptions = {}) => {
    const message = messages.get(sid)
    if (!message || message.direction !== 'outbound-api') throw new Error(`fake Twilio: no outbound message ${sid}`)
    if (!message.statusCallback) throw new Error(`fake Twilio: message ${sid} was sent without a StatusCallback`)
    message.status = status
    message.errorCode = DELIVERY_STATUSES_WITH_ERROR.has(status) ? statusOptions.errorCode ?? 30008 : null
    message.dateUpdated = new Date()
    const params: Record<string, string> = {
      MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, AccountSid: accountSid,
      From: message.from, To: message.to, ApiVersion: API_VERSION,
    }
    if (message.errorCode !== null) params.ErrorCode = String(message.errorCode)
    if (status === 'delivered' || status === 'undelivered') params.RawDlrDoneDate = rawDlrDoneDate(message.dateUpdated)
    return deliver('status', message.statusCallback, params)
  }

  const controls: FakeTwilioControls = { sent, messages, sendInbound, sendStatus }

  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    requests,
    sent,
    messages,
    deliveries,
    sendInbound,
    sendStatus,
    isOptedOut: (recipient, sender) => optOuts.has(optOutKey(sender, recipient)),
    failNextSend: (failure) => { failures.push(failure) },
    close: () => new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }
}

/** Twilio's delivery-receipt time: YYMMDDhhmm, no zone (UTC here). */
function rawDlrDoneDate(date: Date): string {
  const iso = date.toISOString()
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}`
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new TwilioApiError(413, 20001, 'Request body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
