/**
 * Anything that looks like a Stripe secret: secret and restricted API keys (test or live) and
 * webhook signing secrets. Used to scrub text that came from the network or the SDK before it can
 * end up in one of our error messages or a log line.
 */
const STRIPE_SECRET_PATTERN = /\b(?:sk|rk)_(?:test|live)_[\w-]+|\bwhsec_[\w+/=-]+/g

/** Replaces every Stripe secret in `text` with a fixed marker. */
export function redactStripeSecrets(text: string): string {
  return text.replace(STRIPE_SECRET_PATTERN, '[redacted Stripe secret]')
}

/**
 * What our Stripe calls throw when Stripe (or the network) refuses a request. It copies only the
 * fields callers act on from the SDK's error, never the error itself: its message, raw body and
 * headers come from the network and could echo a key, so the message is scrubbed and there is
 * deliberately no `cause`.
 */
export class StripeRequestError extends Error {
  override readonly name = 'StripeRequestError'
  /** HTTP status, when Stripe answered at all. */
  readonly statusCode?: number
  /** Stripe's error type: invalid_request_error, idempotency_error, card_error, api_error, … */
  readonly type?: string
  /** Stripe's error code, e.g. charge_already_refunded or resource_missing. */
  readonly code?: string
  readonly param?: string
  /** Stripe's request id (req_…), for support tickets. */
  readonly requestId?: string

  constructor(operation: string, details: { message: string, statusCode?: number, type?: string, code?: string, param?: string, requestId?: string }) {
    super(`Stripe ${operation} failed: ${redactStripeSecrets(details.message)}`)
    this.statusCode = details.statusCode
    this.type = details.type
    this.code = details.code
    this.param = details.param
    this.requestId = details.requestId
  }
}

/** Turns whatever an SDK call threw into a StripeRequestError without any secret in it. */
export function toStripeRequestError(operation: string, error: unknown): StripeRequestError {
  if (error instanceof StripeRequestError) return error
  if (typeof error !== 'object' || error === null) return new StripeRequestError(operation, { message: 'unknown error' })
  const fields = error as Record<string, unknown>
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? redactStripeSecrets(value) : undefined)
  return new StripeRequestError(operation, {
    message: text(fields.message) ?? 'unknown error',
    statusCode: typeof fields.statusCode === 'number' ? fields.statusCode : undefined,
    // The SDK's `type` is its class name (StripeInvalidRequestError); `rawType` is Stripe's own.
    type: text(fields.rawType) ?? text(fields.type),
    code: text(fields.code),
    param: text(fields.param),
    requestId: text(fields.requestId),
  })
}
