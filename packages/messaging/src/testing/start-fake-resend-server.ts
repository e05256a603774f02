import { randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

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

export interface FakeResendServer {
  /** Give this to the SDK as `baseUrl` (or `RESEND_BASE_URL`). */
  baseUrl: string
  /** Every request, in order, including refused ones. */
  requests: FakeResendRequest[]
  /** The `POST /emails` bodies that were accepted, with the id answered for each. */
  sent: Array<{ id: string, body: Record<string, unknown> }>
  /** Answer the next `POST /emails` with this error instead (queued, first in first out). */
  failNext(error: FakeResendError): void
  close(): Promise<void>
}

/**
 * A local HTTP server on 127.0.0.1 that speaks the part of Resend's REST API we use:
 * `POST /emails` with `Authorization: Bearer <apiKey>` answers `200 { id }`; a missing key
 * is `401 missing_api_key`, a wrong one `403 invalid_api_key`, a missing field
 * `422 missing_required_field`, all in Resend's `{ statusCode, name, message }` shape.
 * An `Idempotency-Key` seen before answers the first id again, as Resend does.
 */
export async function startFakeResendServer(options: { apiKey: string }): Promise<FakeResendServer> {
  const requests: FakeResendRequest[] = []
  const sent: FakeResendServer['sent'] = []
  const queuedErrors: FakeResendError[] = []
  const idsByIdempotencyKey = new Map<string, string>()

  const reply = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  }
  const error = (response: ServerResponse, statusCode: number, name: string, message: string) =>
    reply(response, statusCode, { statusCode, name, message })

  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = raw ? JSON.parse(raw) : undefined
      }
      catch {
        body = raw
      }
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
      requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body })

      if (request.method !== 'POST' || path !== '/emails') {
        return error(response, 404, 'not_found', 'The requested endpoint does not exist.')
      }
      const authorization = request.headers.authorization
      if (!authorization?.startsWith('Bearer ')) {
        return error(response, 401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.')
      }
      if (authorization.slice('Bearer '.length) !== options.apiKey) {
        return error(response, 403, 'invalid_api_key', 'API key is invalid')
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return error(response, 422, 'validation_error', 'Invalid JSON body')
      }
      const email = body as Record<string, unknown>
      for (const field of ['from', 'to', 'subject']) {
        if (email[field] === undefined || email[field] === '') {
          return error(response, 422, 'missing_required_field', `Missing \`${field}\` field.`)
        }
      }
      if (email.html === undefined && email.text === undefined) {
        return error(response, 422, 'missing_required_field', 'Missing `html` or `text` field.')
      }
      const queued = queuedErrors.shift()
      if (queued) return error(response, queued.statusCode, queued.name, queued.message)

      const idempotencyKey = request.headers['idempotency-key']
      const key = typeof idempotencyKey === 'string' ? idempotencyKey : undefined
      const previous = key ? idsByIdempotencyKey.get(key) : undefined
      if (previous) return reply(response, 200, { id: previous })
      const id = randomUUID()
      if (key) idsByIdempotencyKey.set(key, id)
      sent.push({ id, body: email })
      reply(response, 200, { id })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    sent,
    failNext: queued => void queuedErrors.push(queued),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close(closeError => (closeError ? reject(closeError) : resolve()))
    }),
  }
}
