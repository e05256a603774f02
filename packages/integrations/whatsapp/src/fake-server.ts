import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WHATSAPP_WINDOW_MS } from './customer-service-window'
import { answerFakeWhatsAppControl } from './fake-control-routes'
import { FAKE_WHATSAPP_CONTROL_PREFIX } from './testing/control'
import { signWhatsAppWebhook } from './webhook-signature'

/**
 * A local stand-in for the WhatsApp Cloud API on 127.0.0.1: `POST /{version}/{phoneNumberId}/messages`
 * with Bearer auth and Meta's 24-hour rule, plus signed inbound and status webhooks and the GET
 * verification handshake, for tests and local development. State is in memory.
 *
 * Its own choices, not checked against Meta: 131047 is answered synchronously with HTTP 400 (Meta
 * may instead accept the send and report it in a `failed` status webhook); an unknown phone number
 * id is Graph's code 100 / subcode 33 with HTTP 400; body errors are code 100 or 131009. One file
 * a little over 300 lines on purpose: one protocol's server, every route sharing its state. Its
 * test-only `/_fake/...` routes, for tests in another process, are in fake-control-routes.ts.
 */

const MAX_BODY_BYTES = 256 * 1024
const WEBHOOK_TIMEOUT_MS = 10_000
const WABA_ID = '102290129340398'
const DISPLAY_PHONE_NUMBER = '15550783881'

export interface FakeWhatsAppOptions {
  accessToken: string
  appSecret: string
  /** The only phone number id the fake serves. */
  phoneNumberId: string
  /** The fake's clock for the 24-hour window and webhook timestamps; default the real one. */
  now?: () => Date
  /** 0 (the default) picks a free port. */
  port?: number
}

export interface FakeWhatsAppRequest {
  method: string
  path: string
  /** Whether the Bearer token was the configured one (the token itself is not kept). */
  authorized: boolean
  /** The JSON body, or undefined when it was not JSON. */
  body: unknown
}

export interface FakeWhatsAppSent {
  id: string
  /** Digits, as in the request (a leading + is dropped, as Meta does). */
  to: string
  type: 'text' | 'template'
  body?: string
  template?: { name: string, languageCode: string, bodyParameters: string[] }
  at: Date
}

export interface FakeWhatsAppWebhookResult {
  status: number
  text: string
}

export interface FakeWhatsApp {
  /** Graph origin for WhatsAppConfig.apiUrl, e.g. http://127.0.0.1:54321. */
  apiUrl: string
  requests: FakeWhatsAppRequest[]
  /** Messages the fake accepted, in order. */
  sent: FakeWhatsAppSent[]
  /** POSTs a signed inbound text webhook to `url` and opens that sender's 24-hour window. */
  sendInbound: (input: { url: string, from: string, text: string, name?: string }) => Promise<FakeWhatsAppWebhookResult & { messageId: string }>
  /** POSTs a signed status webhook for a message; any order, e.g. `read` without `delivered`. */
  sendStatus: (input: { url: string, messageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', errorCode?: number, recipientId?: string }) => Promise<FakeWhatsAppWebhookResult>
  /** Makes Meta's GET verification request to `url`. */
  verify: (url: string, input: { verifyToken: string, challenge: string }) => Promise<FakeWhatsAppWebhookResult>
  close: () => Promise<void>
}

/** A Graph error answer, thrown from a route and sent by the server's one catch. */
class GraphFault extends Error {
  constructor(readonly status: number, readonly error: Record<string, unknown>) {
    super(String(error.message))
  }
}

const ERROR_TITLES: Record<number, string> = {
  131026: 'Message undeliverable',
  131047: 'Re-engagement message',
  131049: 'Meta chose not to deliver.',
  131051: 'Unsupported message type',
}

/** Starts the fake on 127.0.0.1; resolves once it listens. */
export async function startFakeWhatsApp(options: FakeWhatsAppOptions): Promise<FakeWhatsApp> {
  const now = options.now ?? (() => new Date())
  const requests: FakeWhatsAppRequest[] = []
  const sent: FakeWhatsAppSent[] = []
  /** Sender digits → when their last inbound message arrived (by `now()`). */
  const lastInbound = new Map<string, Date>()

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake-graph').pathname
    const method = req.method ?? 'GET'
    const raw = await readBody(req)
    // Test-only routes, kept out of `requests` so tests of the API log see only our client.
    if (path.startsWith(FAKE_WHATSAPP_CONTROL_PREFIX)) {
      const answer = await answerFakeWhatsAppControl({ sent, sendInbound, sendStatus }, method, path, raw)
      return sendJson(res, answer.status, answer.body)
    }
    const body = parseJson(raw)
    const authorized = hasBearer(req, options.accessToken)
    requests.push({ method, path, authorized, body })
    const match = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path)
    if (method !== 'POST' || match === null) {
      throw new GraphFault(400, graphError(2500, 'OAuthException', 'Unknown path components'))
    }
    if (!authorized) throw new GraphFault(401, graphError(190, 'OAuthException', 'Invalid OAuth access token - Cannot parse access token'))
    if (match[2] !== options.phoneNumberId) {
      throw new GraphFault(400, { ...graphError(100, 'GraphMethodException', 'Unsupported post request. Object with this ID does not exist, cannot be loaded due to missing permissions, or does not support this operation.'), error_subcode: 33 })
    }
    sendJson(res, 200, acceptMessage(body))
  }

  function acceptMessage(body: unknown): Record<string, unknown> {
    if (!isObject(body)) throw invalidParameter(100, 'The request body must be a JSON object')
    if (body.messaging_product !== 'whatsapp') throw invalidParameter(100, 'The parameter messaging_product is required.')
    const input = body.to
    const to = typeof input === 'string' ? /^\+?([1-9]\d{6,14})$/.exec(input)?.[1] : undefined
    if (to === undefined) throw invalidParameter(100, 'The parameter to is required and must be a phone number.')
    const message = body.type === 'template' ? templateMessage(body, to) : textMessage(body, to)
    sent.push(message)
    return { messaging_product: 'whatsapp', contacts: [{ input, wa_id: to }], messages: [{ id: message.id }] }
  }

  function textMessage(body: Record<string, unknown>, to: string): FakeWhatsAppSent {
    if (body.type !== undefined && body.type !== 'text') throw invalidParameter(131009, 'The fake only sends text and template messages.')
    const text = isObject(body.text) ? body.text.body : undefined
    if (typeof text !== 'string' || text === '' || text.length > 4096) throw invalidParameter(100, 'The parameter text[\'body\'] is required.')
    const last = lastInbound.get(to)
    if (last === undefined || now().getTime() - last.getTime() >= WHATSAPP_WINDOW_MS) {
      throw new GraphFault(400, graphError(131047, 'OAuthException', '(#131047) Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'))
    }
    return { id: wamid(), to, type: 'text', body: text, at: now() }
  }

  function templateMessage(body: Record<string, unknown>, to: string): FakeWhatsAppSent {
    const template = isObject(body.template) ? body.template : undefined
    const name = template?.name
    const language = isObject(template?.language) ? template.language.code : undefined
    if (typeof name !== 'string' || name === '' || typeof language !== 'string' || language === '') {
      throw invalidParameter(100, 'The parameters template[\'name\'] and template[\'language\'][\'code\'] are required.')
    }
    const bodyParameters: string[] = []
    const components = template?.components ?? []
    if (!Array.isArray(components)) throw invalidParameter(131009, 'template[\'components\'] must be an array.')
    for (const component of components) {
      if (!isObject(component) || component.type !== 'body' || !Array.isArray(component.parameters)) throw invalidParameter(131009, 'The fake only takes body components.')
      for (const parameter of component.parameters) {
        if (!isObject(parameter) || parameter.type !== 'text' || typeof parameter.text !== 'string' || parameter.text === '') throw invalidParameter(131009, 'Body parameters must be non-empty text.')
        bodyParameters.push(parameter.text)
      }
    }
    return { id: wamid(), to, type: 'template', template: { name, languageCode: language, bodyParameters }, at: now() }
  }

  async function sendInbound(input: { url: string, from: string, text: string, name?: string }): Promise<FakeWhatsAppWebhookResult & { messageId: string }> {
    const from = input.from.replace(/^\+/, '')
    const at = now()
    const messageId = wamid()
    lastInbound.set(from, at)
    const result = await deliver(input.url, envelope({
      contacts: [{ profile: { name: input.name ?? 'Fake Customer' }, wa_id: from }],
      messages: [{ from, id: messageId, timestamp: unixSeconds(at), type: 'text', text: { body: input.text } }],
    }))
    return { ...result, messageId }
  }

  async function sendStatus(input: { url: string, messageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', errorCode?: number, recipientId?: string }): Promise<FakeWhatsAppWebhookResult> {
    const recipientId = input.recipientId ?? sent.find(message => message.id === input.messageId)?.to
    if (recipientId === undefined) throw new TypeError('sendStatus: unknown messageId (pass recipientId for a message the fake did not send)')
    const failed = input.status === 'failed'
    const code = input.errorCode ?? 131026
    const status: Record<string, unknown> = { id: input.messageId, status: input.status, timestamp: unixSeconds(now()), recipient_id: recipientId }
    if (failed) {
      const title = ERROR_TITLES[code] ?? 'Unknown error'
      status.errors = [{ code, title, message: title, error_data: { details: title } }]
    }
    else {
      status.conversation = { id: randomBytes(16).toString('hex'), origin: { type: 'service' } }
      status.pricing = { billable: true, pricing_model: 'PMP', category: 'service' }
    }
    return deliver(input.url, envelope({ statuses: [status] }))
  }

  async function verify(url: string, input: { verifyToken: string, challenge: string }): Promise<FakeWhatsAppWebhookResult> {
    const target = new URL(url)
    target.searchParams.set('hub.mode', 'subscribe')
    target.searchParams.set('hub.verify_token', input.verifyToken)
    target.searchParams.set('hub.challenge', input.challenge)
    const response = await fetch(target, { redirect: 'manual', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) })
    return { status: response.status, text: await response.text() }
  }

  /** The documented envelope (PROVIDERS.md §5), in its key order. */
  function envelope(value: Record<string, unknown>): string {
    return JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{
        id: WABA_ID,
        changes: [{
          field: 'messages',
          value: { messaging_product: 'whatsapp', metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: options.phoneNumberId }, ...value },
        }],
      }],
    })
  }

  async function deliver(url: string, rawBody: string): Promise<FakeWhatsAppWebhookResult> {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'facebookexternalua',
        'x-hub-signature': `sha1=${createHmac('sha1', options.appSecret).update(rawBody).digest('hex')}`,
        'x-hub-signature-256': signWhatsAppWebhook(options.appSecret, rawBody),
      },
      body: rawBody,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    })
    return { status: response.status, text: await response.text() }
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof GraphFault) sendJson(res, error.status, { error: error.error })
      else if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: graphError(100, 'OAuthException', 'Request body too large') })
      else sendJson(res, 500, { error: graphError(1, 'OAuthException', 'An unknown error occurred') })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })

  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    sent,
    sendInbound,
    sendStatus,
    verify,
    close: () => new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }
}

class BodyTooLargeError extends Error {}

function graphError(code: number, type: string, message: string, details?: string): Record<string, unknown> {
  return {
    message,
    type,
    code,
    ...(details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details } }),
    fbtrace_id: randomBytes(12).toString('base64url'),
  }
}

function invalidParameter(code: 100 | 131009, details: string): GraphFault {
  return new GraphFault(400, graphError(code, 'OAuthException', code === 100 ? '(#100) Invalid parameter' : '(#131009) Parameter value is not valid', details))
}

function hasBearer(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '')
  const expected = Buffer.from(`Bearer ${token}`)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** wamid.<base64>, shaped like Meta's (which base64-encodes a binary id). */
function wamid(): string {
  return `wamid.HBgL${randomBytes(30).toString('base64').replace(/=+$/, '')}`
}

function unixSeconds(date: Date): string {
  return String(Math.floor(date.getTime() / 1000))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    return undefined
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'x-fb-trace-id': randomBytes(8).toString('base64url') })
  res.end(JSON.stringify(body))
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
