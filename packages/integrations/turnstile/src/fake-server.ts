import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { TURNSTILE_TEST_KEYS, TURNSTILE_TOKEN_LIFETIME_MS } from './constants'

/**
 * A local stand-in for Cloudflare's siteverify on 127.0.0.1, for tests and local development.
 * Everything is in memory and forgotten on close().
 *
 * Its own choices, not checked against Cloudflare: HTTP 200 for every verification answer (also
 * failures), 400 for `bad-request`, 404/405 (with `bad-request`) for other paths and methods,
 * tokens from issueToken() redeemable with any non-test secret, and an idempotent retry that
 * replays the first answer even after the token's 300 s.
 */

const SITEVERIFY_PATH = '/turnstile/v0/siteverify'
const MAX_BODY_BYTES = 64 * 1024
const TEST_HOSTNAME = 'example.com'

export interface FakeTurnstileOptions {
  /** The clock for token expiry and `challenge_ts`. Default: the system clock. */
  now?: () => Date
  /** 0 (the default) picks a free port. */
  port?: number
}

/** Cloudflare's answer shape: `success`, `error-codes`, and on success the challenge's data. */
export interface SiteverifyAnswer {
  'success': boolean
  'challenge_ts'?: string
  'hostname'?: string
  'error-codes': string[]
  'action'?: string
  'cdata'?: string
}

/** One call the fake received, as parsed, and what it answered. */
export interface FakeTurnstileRequest {
  encoding: 'form' | 'multipart' | 'json' | 'other'
  secret: string | undefined
  response: string | undefined
  remoteip: string | undefined
  idempotencyKey: string | undefined
  status: number
  answer: SiteverifyAnswer
}

export interface FakeTurnstile {
  /** e.g. http://127.0.0.1:54321/turnstile/v0/siteverify: pass it as `verifyUrl`. */
  verifyUrl: string
  requests: FakeTurnstileRequest[]
  /** A fresh token, as if a visitor solved a widget on `hostname` with `action`. */
  issueToken: (claims?: { hostname?: string, action?: string }) => string
  close: () => Promise<void>
}

interface IssuedToken {
  hostname: string
  action: string
  issuedAt: Date
  /** Set by the first successful redemption. */
  redemption: { idempotencyKey: string | undefined, answer: SiteverifyAnswer } | undefined
}

interface SiteverifyParams {
  secret: string | undefined
  response: string | undefined
  remoteip: string | undefined
  idempotencyKey: string | undefined
}

class BadRequest extends Error {}

/** Starts the fake on 127.0.0.1. Resolves once it is listening. */
export async function startFakeTurnstile(options: FakeTurnstileOptions = {}): Promise<FakeTurnstile> {
  const now = options.now ?? (() => new Date())
  const tokens = new Map<string, IssuedToken>()
  const requests: FakeTurnstileRequest[] = []

  function issueToken(claims: { hostname?: string, action?: string } = {}): string {
    // Real tokens are opaque, URL-safe and a few hundred characters long.
    const token = `0.fake.${randomBytes(96).toString('base64url')}`
    tokens.set(token, { hostname: claims.hostname ?? TEST_HOSTNAME, action: claims.action ?? '', issuedAt: now(), redemption: undefined })
    return token
  }

  function siteverify(params: SiteverifyParams): SiteverifyAnswer {
    const missing = [
      ...(params.secret === undefined || params.secret === '' ? ['missing-input-secret'] : []),
      ...(params.response === undefined || params.response === '' ? ['missing-input-response'] : []),
    ]
    if (missing.length > 0) return failed(...missing)
    const token = params.response ?? ''
    const issued = tokens.get(token)

    switch (params.secret) {
      case TURNSTILE_TEST_KEYS.secretPasses:
        return succeeded(issued?.hostname ?? TEST_HOSTNAME, issued?.action ?? '', issued?.issuedAt ?? now())
      case TURNSTILE_TEST_KEYS.secretFails:
        return failed('invalid-input-response')
      case TURNSTILE_TEST_KEYS.secretSpent:
        return failed('timeout-or-duplicate')
    }

    if (issued === undefined) return failed('invalid-input-response')
    if (issued.redemption !== undefined) {
      const { idempotencyKey, answer } = issued.redemption
      return idempotencyKey !== undefined && idempotencyKey === params.idempotencyKey ? answer : failed('timeout-or-duplicate')
    }
    if (now().getTime() - issued.issuedAt.getTime() > TURNSTILE_TOKEN_LIFETIME_MS) return failed('timeout-or-duplicate')
    const answer = succeeded(issued.hostname, issued.action, issued.issuedAt)
    issued.redemption = { idempotencyKey: params.idempotencyKey, answer }
    return answer
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname
    if (path !== SITEVERIFY_PATH) return sendJson(res, 404, failed('bad-request'))
    if (req.method !== 'POST') return sendJson(res, 405, failed('bad-request'), { allow: 'POST' })

    const contentType = (req.headers['content-type'] ?? '').toLowerCase()
    const encoding = encodingOf(contentType)
    let params: SiteverifyParams
    try {
      params = await parseParams(encoding, contentType, await readBody(req))
    }
    catch {
      const answer = failed('bad-request')
      requests.push({ encoding, secret: undefined, response: undefined, remoteip: undefined, idempotencyKey: undefined, status: 400, answer })
      return sendJson(res, 400, answer)
    }
    const answer = siteverify(params)
    requests.push({ encoding, ...params, status: 200, answer })
    sendJson(res, 200, answer)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, failed('internal-error'))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    verifyUrl: `http://127.0.0.1:${port}${SITEVERIFY_PATH}`,
    requests,
    issueToken,
    close: () => new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }
}

function succeeded(hostname: string, action: string, challengeAt: Date): SiteverifyAnswer {
  return { 'success': true, 'challenge_ts': challengeAt.toISOString(), hostname, 'error-codes': [], action, 'cdata': '' }
}

function failed(...errorCodes: string[]): SiteverifyAnswer {
  return { 'success': false, 'error-codes': errorCodes }
}

function encodingOf(contentType: string): FakeTurnstileRequest['encoding'] {
  if (contentType.startsWith('application/x-www-form-urlencoded')) return 'form'
  if (contentType.startsWith('multipart/form-data')) return 'multipart'
  if (contentType.startsWith('application/json')) return 'json'
  return 'other'
}

/** Both of Cloudflare's encodings (and multipart, which its Workers examples send); else BadRequest. */
async function parseParams(encoding: FakeTurnstileRequest['encoding'], contentType: string, body: Buffer): Promise<SiteverifyParams> {
  let read: (name: string) => unknown
  if (encoding === 'json') {
    const parsed: unknown = JSON.parse(body.toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest()
    read = name => (parsed as Record<string, unknown>)[name]
  }
  else if (encoding === 'form' || encoding === 'multipart') {
    // undici's body mixin parses both form encodings exactly as a fetch server would.
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData()
    read = name => form.get(name) ?? undefined
  }
  else {
    throw new BadRequest()
  }
  const field = (name: string): string | undefined => {
    const value = read(name)
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') throw new BadRequest()
    return value
  }
  return { secret: field('secret'), response: field('response'), remoteip: field('remoteip'), idempotencyKey: field('idempotency_key') }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data')
        req.resume()
        reject(new BadRequest())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: SiteverifyAnswer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
