import { ApiError } from '@paypal/paypal-server-sdk'

/**
 * The one error our PayPal calls throw. It carries only what PayPal said (HTTP status, error
 * name, first `details[].issue`, debug_id) and never the SDK error itself: that one holds the
 * request, whose Authorization header is the Basic-encoded client secret on token calls.
 */
export class PayPalApiError extends Error {
  override name = 'PayPalApiError'
  /** HTTP status, or undefined when PayPal could not be reached. */
  readonly status: number | undefined
  /** PayPal's error `name` (UNPROCESSABLE_ENTITY, RESOURCE_NOT_FOUND) or OAuth `error` (invalid_client). */
  readonly paypalName: string | undefined
  /** The first `details[].issue`, e.g. ORDER_NOT_APPROVED, ORDER_ALREADY_CAPTURED. */
  readonly issue: string | undefined
  readonly debugId: string | undefined

  constructor(operation: string, fields: { status?: number, paypalName?: string, issue?: string, debugId?: string, reason?: string }) {
    const what = fields.status === undefined
      ? `could not reach PayPal${fields.reason === undefined ? '' : ` (${fields.reason})`}`
      : `HTTP ${fields.status}${fields.paypalName === undefined ? '' : ` ${fields.paypalName}`}${fields.issue === undefined ? '' : ` (${fields.issue})`}`
    super(`PayPal ${operation} failed: ${what}${fields.debugId === undefined ? '' : `, debug_id ${fields.debugId}`}`)
    this.status = fields.status
    this.paypalName = fields.paypalName
    this.issue = fields.issue
    this.debugId = fields.debugId
  }
}

/** Runs one SDK call and turns whatever it throws into a PayPalApiError. */
export async function callPayPal<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  }
  catch (error) {
    throw toPayPalApiError(operation, error)
  }
}

export function toPayPalApiError(operation: string, error: unknown): PayPalApiError {
  if (error instanceof PayPalApiError) return error
  if (error instanceof ApiError) {
    const body = parsedBody(error)
    const details = Array.isArray(body.details) ? body.details as unknown[] : []
    const first = details[0]
    return new PayPalApiError(operation, {
      status: error.statusCode,
      paypalName: safeToken(body.name) ?? safeToken(body.error),
      issue: typeof first === 'object' && first !== null ? safeToken((first as { issue?: unknown }).issue) : undefined,
      debugId: safeToken(body.debug_id),
    })
  }
  // Network and adapter errors (axios') carry the request config, headers included: keep only the code.
  const code = typeof error === 'object' && error !== null ? safeToken((error as { code?: unknown }).code) : undefined
  return new PayPalApiError(operation, { reason: code })
}

function parsedBody(error: ApiError): Record<string, unknown> {
  const result: unknown = error.result
  if (typeof result === 'object' && result !== null) return result as Record<string, unknown>
  if (typeof error.body === 'string') {
    try {
      const parsed: unknown = JSON.parse(error.body)
      if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>
    }
    catch {
      // Not JSON: only the status is reported.
    }
  }
  return {}
}

/** Only short identifier-like strings are echoed, so no provider text can smuggle data into logs. */
function safeToken(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : undefined
}
