import { AppError } from '@flectar/errors'

export interface ErrorResponse {
  status: number
  headers: Record<string, string>
  body: { error: { code: string, message: string, fields?: Record<string, string>, requestId: string, [detail: string]: unknown } }
}

// h3 errors (createError, a route not found, a bad JSON body) carry a status and no code.
const CODE_FOR_STATUS: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 410: 'expired', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'invalid_input', 429: 'rate_limited',
}
const UNAVAILABLE = { code: 'service_unavailable', message: 'We cannot reach our database just now. Nothing was changed: please try again in a few seconds.' }
/** Retry-After of a 503: PostgreSQL restarting or failing over is back within seconds. */
const UNAVAILABLE_RETRY_SECONDS = 5
/**
 * How postgres.js and PostgreSQL say the database is out of reach (not that a query was wrong):
 * the connection refused, reset or closed, a connect timeout, the server shutting down or
 * starting up (57P01–57P03), too many connections (53300).
 */
const DATABASE_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '53300'])
const INTERNAL = { code: 'internal_error', message: 'Something went wrong on our side. Please try again, and quote the request id if it keeps happening.' }

/**
 * The one mapping from a thrown error to the JSON both apps answer with:
 * `{ "error": { "code", "message", "fields"?, …details, "requestId" } }`. Domain errors
 * (AppError) get their kind's status and their code and details (fields, retryAfterSeconds,
 * alternatives…); other errors below 500 keep their status; anything else is a 500 that says
 * nothing about its cause (it is logged, with the same request id).
 */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  const { status, code, message, details } = describe(error)
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' }
  if (status === 429) headers['retry-after'] = String(Number(details.retryAfterSeconds) || 60)
  if (status === 503) headers['retry-after'] = String(UNAVAILABLE_RETRY_SECONDS)
  return { status, headers, body: { error: { code, message, ...details, requestId } } }
}

function describe(error: unknown): { status: number, code: string, message: string, details: Record<string, unknown> } {
  if (error instanceof AppError) {
    const { code, ...details } = error.data
    return { status: error.statusCode, code, message: error.message, details }
  }
  // An AppError wrapped by h3 (thrown inside a handler) arrives as its `cause`.
  const cause = (error as { cause?: unknown } | undefined)?.cause
  if (cause instanceof AppError) return describe(cause)
  if (databaseUnavailable(error)) return { status: 503, ...UNAVAILABLE, details: {} }
  const status = Number((error as { statusCode?: unknown } | undefined)?.statusCode)
  if (!Number.isInteger(status) || status < 400 || status >= 500) return { status: 500, ...INTERNAL, details: {} }
  const h3 = error as { message?: string, statusMessage?: string, data?: unknown }
  const { code, ...details } = isPlainObject(h3.data) ? h3.data as { code?: unknown } : {}
  return {
    status,
    code: typeof code === 'string' ? code : CODE_FOR_STATUS[status] ?? 'bad_request',
    message: h3.message || h3.statusMessage || 'The request could not be handled.',
    details,
  }
}

/** Whether the error, or one it wraps (Drizzle's, h3's), is the database being out of reach. */
function databaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && DATABASE_UNAVAILABLE_CODES.has(code)) return true
  }
  return false
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}
