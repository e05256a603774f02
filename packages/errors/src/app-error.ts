/**
 * Typed domain errors. Packages throw them with a kind and a code, never an HTTP status: the
 * apps' one error mapper (app-base) turns the kind into the status through `HTTP_STATUS`.
 * `statusCode`, `statusMessage` and `data` are derived for h3, which reads them on anything
 * it catches.
 */
export type FieldErrors = Record<string, string>

export interface AppErrorData {
  code: string
  fields?: FieldErrors
  [key: string]: unknown
}

/** What went wrong, as the caller can act on it. */
export type ErrorKind = 'invalid' | 'unauthorized' | 'payment_required' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'too_large' | 'rate_limited' | 'upstream_failed'

/** The one table from error kind to HTTP status. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 422,
  unauthorized: 401,
  // The organisation's plan does not allow it; upgrading does (platform billing).
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  rate_limited: 429,
  // A provider we depend on (Google, a payment provider) did not answer as it should.
  upstream_failed: 502,
}

export class AppError extends Error {
  /** Marks the class as an h3 error so its status, message and data reach the client. */
  static __h3_error__ = true
  override name = 'AppError'
  readonly unhandled = false
  readonly fatal = false
  readonly kind: ErrorKind
  readonly data: AppErrorData

  constructor(kind: ErrorKind, code: string, message: string, extra: Omit<AppErrorData, 'code'> = {}) {
    super(message)
    this.kind = kind
    this.data = { code, ...extra }
  }

  get code(): string {
    return this.data.code
  }

  get statusCode(): number {
    return HTTP_STATUS[this.kind]
  }

  get statusMessage(): string {
    return this.message
  }
}

/** 422: input that fails validation; `fields` maps a field path to its message. */
export class InvalidInputError extends AppError {
  constructor(fields: FieldErrors, message = 'Some fields need attention.') {
    super('invalid', 'invalid_input', message, { fields })
  }
}

/** 401: no valid session or credentials. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in to continue.', code = 'unauthorized') {
    super('unauthorized', code, message)
  }
}

/** 403: authenticated, but this action is not allowed (e.g. role too low within one's own org). */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.', code = 'forbidden') {
    super('forbidden', code, message)
  }
}

/** 404: missing, or not visible to the caller (other tenants' data is reported as missing). */
export class NotFoundError extends AppError {
  constructor(message = 'Not found.', code = 'not_found') {
    super('not_found', code, message)
  }
}

/** 409: conflicts with the current state; say what to do instead in the message. */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', extra: Omit<AppErrorData, 'code'> = {}) {
    super('conflict', code, message, extra)
  }
}

/** 410: a link or token that existed but expired or was used. */
export class GoneError extends AppError {
  constructor(message: string, code = 'expired') {
    super('gone', code, message)
  }
}

/** 429: too many attempts; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number, message = 'Too many attempts. Try again later.') {
    super('rate_limited', 'rate_limited', message, { retryAfterSeconds })
    this.retryAfterSeconds = retryAfterSeconds
  }
}
