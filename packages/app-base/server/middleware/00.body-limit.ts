import type { Socket } from 'node:net'
import { AppError } from '@flectar/errors'
import { readBodyWithin } from '../utils/read-body-within'

const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// Used when no route rule names a limit; each app sets its own `bodyLimit` on `/**` too.
const FALLBACK_LIMIT = 1024 * 1024
// Where h3's readBody/readRawBody/readMultipartFormData look for a body read before them.
const RAW_BODY = Symbol.for('h3RawBody')
const LINGER_MS = 1000
const LINGER_BYTES = 4 * 1024 * 1024

/**
 * The one body limit of both apps (P8), before authentication and any handler: a declared
 * length over the route's `bodyLimit` (a route rule in the app's nuxt.config) is refused at
 * once; any other body is read as it arrives and refused at limit + 1 bytes (413
 * `payload_too_large`), and the connection is closed, so a chunked 200 MB body costs no more
 * memory than the limit. The body read here is what the handler's readBody gets.
 */
export default defineEventHandler(async (event) => {
  if (!PAYLOAD_METHODS.has(event.method)) return
  const request = event.node.req
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (!(declared > 0) && !request.headers['transfer-encoding']) return
  const limit = getRouteRules(event).bodyLimit ?? FALLBACK_LIMIT
  const body = declared > limit ? undefined : await readBodyWithin(request, limit)
  if (body) {
    (request as unknown as Record<symbol, unknown>)[RAW_BODY] = Promise.resolve(body)
    return
  }
  // Nothing more is kept: tell the client, answer, and close the connection once answered.
  setResponseHeader(event, 'connection', 'close')
  lingerOnClose(request.socket)
  throw new AppError('too_large', 'payload_too_large', `The request body is larger than ${formatBytes(limit)}.`, { limitBytes: limit })
})

/**
 * Closing a socket with unread data makes the kernel answer with a reset, which can make the
 * client lose the 413 it was sent. Node closes a `connection: close` socket with destroySoon()
 * once the answer is written: there, send FIN, discard what is still in flight for a moment
 * (at most LINGER_BYTES, never kept), then drop the connection.
 */
function lingerOnClose(socket: Socket & { destroySoon?: () => void }) {
  socket.destroySoon = () => {
    let discarded = 0
    const drop = () => socket.destroy()
    const timer = setTimeout(drop, LINGER_MS)
    socket.once('close', () => clearTimeout(timer))
    socket.on('data', (chunk: Buffer) => {
      discarded += chunk.length
      if (discarded > LINGER_BYTES) drop()
    })
    socket.end()
    socket.resume()
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`
}
