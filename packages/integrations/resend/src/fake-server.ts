import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerFakeResendControl, type FakeResendControls } from './fake-control-routes'
import type { ResendDeliveryEventType } from './resend-event'
import { FAKE_RESEND_CONTROL_PREFIX } from './testing/control'
import { signResendWebhook } from './verify-resend-webhook'

/**
 * A local stand-in for the part of Resend we use, on 127.0.0.1: `POST /emails` (idempotency keys
 * included), `GET /emails/receiving/{id}`, and Svix-signed webhooks POSTed to a URL the test gives.
 * A superset of packages/messaging's startFakeResendServer (`baseUrl`, `requests`, `sent`,
 * `failNext`, `close`). In memory, forgotten on close(). One file over 300 lines on purpose: one
 * protocol's server, every route shares its state. Its test-only `/_fake/...` routes, for tests in
 * another process, are in fake-control-routes.ts (paths and client helpers in testing/control.ts).
 *
 * Its own choices, not checked against Resend: the header-name casing in a received email's
 * `headers`, and the exact wording of its error messages.
 */

const WEBHOOK_TIMEOUT_MS = 10_000

export interface FakeResendOptions {
  apiKey: string
  /** `whsec_<base64>`; one is made up when omitted (read it back from `webhookSecret`). */
  webhookSecret?: string
  /** Where webhooks go when a call names no webhookUrl. */
  webhookUrl?: string
}

/** A request the fake server received, with its JSON body parsed. */
export interface FakeResendRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

export interface FakeResendError {
  statusCode: number
  name: string
  message: string
}

/** An inbound email as the fake stores it; `GET /emails/receiving/{id}` answers from this. */
export interface FakeReceivedEmail {
  id: string
  from: string
  to: string[]
  subject: string
  text: string
  html: string | null
  messageId: string
  inReplyTo: string | null
  references: string[]
  createdAt: string
}

/** One signed webhook POST, and how the endpoint answered. */
export interface FakeResendDelivery {
  svixId: string
  type: string
  rawBody: string
  headers: Record<string, string>
  /** HTTP status, or 0 when the endpoint could not be reached. */
  status: number
  text: string
}

export interface ReceiveEmailInput {
  webhookUrl?: string
  from: string
  to: string | string[]
  subject: string
  text: string
  html?: string
  inReplyTo?: string
  references?: string[]
  /** Default `<uuid@fake-resend.test>`. */
  messageId?: string
}

export interface EmitEventInput {
  webhookUrl?: string
  type: ResendDeliveryEventType
  /** The id `POST /emails` answered. */
  emailId: string
  /** For `email.bounced`; default a permanent bounce. */
  bounce?: { type: string, subType: string, message: string }
}

export interface FakeResend {
  /** Give this to the SDK as `baseUrl` (or `RESEND_BASE_URL`). */
  baseUrl: string
  webhookSecret: string
  /** Every API request, in order, including refused ones. */
  requests: FakeResendRequest[]
  /** The `POST /emails` bodies that were accepted, with the id answered for each. */
  sent: Array<{ id: string, body: Record<string, unknown> }>
  received: Map<string, FakeReceivedEmail>
  deliveries: FakeResendDelivery[]
  /** Answer the next `POST /emails` with this error instead (queued, first in first out). */
  failNext: (error: FakeResendError) => void
  /** Stores an inbound email and POSTs its signed `email.received` (metadata only, as Resend does). */
  receiveEmail: (input: ReceiveEmailInput) => Promise<{ emailId: string, status: number, text: string }>
  /** POSTs a signed delivery event for an email sent through `POST /emails`. */
  emitEvent: (input: EmitEventInput) => Promise<{ svixId: string, status: number, text: string }>
  /** POSTs any event body, signed: for types we do not act on. */
  sendEvent: (input: { webhookUrl?: string, type: string, data: Record<string, unknown> }) => Promise<FakeResendDelivery>
  /** Re-POSTs an earlier delivery (default the last) with the same svix-id and body, freshly signed, as a Svix retry. */
  resendWebhook: (svixId?: string, webhookUrl?: string) => Promise<FakeResendDelivery>
  close: () => Promise<void>
}

/** Starts the fake on 127.0.0.1 with a free port. Resolves once it is listening. */
export async function startFakeResend(options: FakeResendOptions): Promise<FakeResend> {
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64')}`
  const requests: FakeResendRequest[] = []
  const sent: FakeResend['sent'] = []
  const sentById = new Map<string, Record<string, unknown>>()
  const received = new Map<string, FakeReceivedEmail>()
  const deliveries: FakeResendDelivery[] = []
  const queuedErrors: FakeResendError[] = []
  /** Idempotency-Key → the first request's payload hash and the id it was answered. */
  const idempotency = new Map<string, { hash: string, id: string }>()

  function handle(request: IncomingMessage, response: ServerResponse, raw: string): void {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const method = request.method ?? 'GET'
    // Test-only routes, kept out of `requests` so tests of the API log see only the SDK.
    if (path.startsWith(FAKE_RESEND_CONTROL_PREFIX)) {
      answerFakeResendControl(controls, method, path, raw)
        .then(answer => reply(response, answer.status, answer.body))
        .catch((error: unknown) => reply(response, 500, { error: 'fake_error', message: error instanceof Error ? error.message : String(error) }))
      return
    }
    let body: unknown
    try {
      body = raw ? JSON.parse(raw) : undefined
    }
    catch {
      body = raw
    }
    requests.push({ method, path, headers: request.headers, body })

    const receiving = /^\/emails\/receiving\/([^/]+)$/.exec(path)
    const route = method === 'POST' && path === '/emails' ? 'send' : method === 'GET' && receiving ? 'receiving' : undefined
    if (route === undefined) return fail(response, 404, 'not_found', 'The requested endpoint does not exist.')
    const authorization = request.headers.authorization
    if (!authorization?.startsWith('Bearer ')) {
      return fail(response, 401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.')
    }
    if (authorization.slice('Bearer '.length) !== options.apiKey) return fail(response, 403, 'invalid_api_key', 'API key is invalid')
    if (route === 'receiving') return getReceived(response, decodeURIComponent(receiving![1]!))
    return sendEmail(request, response, body)
  }

  function sendEmail(request: IncomingMessage, response: ServerResponse, body: unknown): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(response, 422, 'validation_error', 'Invalid JSON body')
    const email = body as Record<string, unknown>
    for (const field of ['from', 'to', 'subject']) {
      if (email[field] === undefined || email[field] === '') return fail(response, 422, 'missing_required_field', `Missing \`${field}\` field.`)
    }
    if (email.html === undefined && email.text === undefined) return fail(response, 422, 'missing_required_field', 'Missing `html` or `text` field.')
    const queued = queuedErrors.shift()
    if (queued) return fail(response, queued.statusCode, queued.name, queued.message)

    const header = request.headers['idempotency-key']
    const key = typeof header === 'string' ? header : undefined
    if (key !== undefined && (key.length < 1 || key.length > 256)) {
      return fail(response, 400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.')
    }
    const hash = createHash('sha256').update(JSON.stringify(email)).digest('hex')
    const previous = key === undefined ? undefined : idempotency.get(key)
    if (previous !== undefined) {
      if (previous.hash !== hash) {
        return fail(response, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload. Change your idempotency key or payload.')
      }
      return reply(response, 200, { id: previous.id })
    }
    const id = randomUUID()
    if (key !== undefined) idempotency.set(key, { hash, id })
    sent.push({ id, body: email })
    sentById.set(id, email)
    reply(response, 200, { id })
  }

  function getReceived(response: ServerResponse, id: string): void {
    const email = received.get(id)
    if (email === undefined) return fail(response, 404, 'not_found', 'Email not found')
    const headers: Record<string, string> = {
      'From': email.from,
      'To': email.to.join(', '),
      'Subject': email.subject,
      'Date': new Date(email.createdAt).toUTCString(),
      'Message-ID': email.messageId,
    }
    if (email.inReplyTo !== null) headers['In-Reply-To'] = email.inReplyTo
    if (email.references.length > 0) headers.References = email.references.join(' ')
    reply(response, 200, {
      object: 'email',
      id: email.id,
      to: email.to,
      from: email.from,
      created_at: email.createdAt,
      subject: email.subject,
      bcc: [],
      cc: [],
      reply_to: [],
      received_for: email.to,
      html: email.html,
      text: email.text,
      headers,
      message_id: email.messageId,
      raw: null,
      attachments: [],
    })
  }

  async function deliver(webhookUrl: string | undefined, svixId: string, type: string, rawBody: string): Promise<FakeResendDelivery> {
    const url = webhookUrl ?? options.webhookUrl
    if (url === undefined) throw new Error('startFakeResend: no webhookUrl for this event')
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = {
      'content-type': 'application/json',
      'svix-id': svixId,
      'svix-timestamp': String(timestamp),
      'svix-signature': signResendWebhook(webhookSecret, svixId, timestamp, rawBody),
    }
    let status = 0
    let text: string
    try {
      const answer = await fetch(url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) })
      status = answer.status
      text = await answer.text()
    }
    catch (error) {
      text = error instanceof Error ? error.message : String(error)
    }
    const delivery = { svixId, type, rawBody, headers, status, text }
    deliveries.push(delivery)
    return delivery
  }

  const sendEvent: FakeResend['sendEvent'] = ({ webhookUrl, type, data }) => {
    const rawBody = JSON.stringify({ type, created_at: new Date().toISOString(), data })
    return deliver(webhookUrl, `msg_${randomBytes(12).toString('hex')}`, type, rawBody)
  }

  const receiveEmail: FakeResend['receiveEmail'] = async (input) => {
    const email: FakeReceivedEmail = {
      id: randomUUID(),
      from: input.from,
      to: Array.isArray(input.to) ? input.to : [input.to],
      subject: input.subject,
      text: input.text,
      html: input.html ?? null,
      messageId: input.messageId ?? `<${randomUUID()}@fake-resend.test>`,
      inReplyTo: input.inReplyTo ?? null,
      references: input.references ?? (input.inReplyTo === undefined ? [] : [input.inReplyTo]),
      createdAt: new Date().toISOString(),
    }
    received.set(email.id, email)
    const delivery = await sendEvent({
      webhookUrl: input.webhookUrl,
      type: 'email.received',
      data: {
        email_id: email.id,
        created_at: email.createdAt,
        from: email.from,
        to: email.to,
        bcc: [],
        cc: [],
        received_for: email.to,
        message_id: email.messageId,
        subject: email.subject,
        attachments: [],
      },
    })
    return { emailId: email.id, status: delivery.status, text: delivery.text }
  }

  const emitEvent: FakeResend['emitEvent'] = async (input) => {
    const email = sentById.get(input.emailId)
    if (email === undefined) throw new Error('startFakeResend: emitEvent for an email id POST /emails never answered')
    const data: Record<string, unknown> = {
      email_id: input.emailId,
      created_at: new Date().toISOString(),
      from: email.from,
      to: Array.isArray(email.to) ? email.to : [email.to],
      subject: email.subject,
      message_id: `<${input.emailId}@fake-resend.test>`,
    }
    if (input.type === 'email.bounced') {
      data.bounce = input.bounce ?? { type: 'Permanent', subType: 'General', message: 'The recipient\'s email provider sent a hard bounce message.' }
    }
    if (input.type === 'email.failed') data.failed = { reason: 'reached_daily_quota' }
    const delivery = await sendEvent({ webhookUrl: input.webhookUrl, type: input.type, data })
    return { svixId: delivery.svixId, status: delivery.status, text: delivery.text }
  }

  const resendWebhook: FakeResend['resendWebhook'] = (svixId, webhookUrl) => {
    const original = svixId === undefined ? deliveries.at(-1) : deliveries.find(delivery => delivery.svixId === svixId)
    if (original === undefined) throw new Error('startFakeResend: no such delivery to resend')
    return deliver(webhookUrl, original.svixId, original.type, original.rawBody)
  }

  const controls: FakeResendControls = { sent, deliveries, receiveEmail, emitEvent, resendWebhook, hasDefaultWebhookUrl: options.webhookUrl !== undefined }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    webhookSecret,
    requests,
    sent,
    received,
    deliveries,
    failNext: error => void queuedErrors.push(error),
    receiveEmail,
    emitEvent,
    sendEvent,
    resendWebhook,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close(closeError => (closeError ? reject(closeError) : resolve()))
    }),
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

function fail(response: ServerResponse, statusCode: number, name: string, message: string): void {
  reply(response, statusCode, { statusCode, name, message })
}
