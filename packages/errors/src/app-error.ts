/**
 * Typed domain errors. Packages throw them; each app maps them to HTTP in one place.
 * `statusCode`, `statusMessage` and `data` follow h3's error shape, so a thrown AppError
 * becomes the right response without per-route code.
 */
export type FieldErrors = Record<string, string>

export interface AppErrorData {
  code: string
  fields?: FieldErrors
  [key: string]: unknown
}

export class AppError extends Error {
  /** Marks the class as an h3 error so its status, message and data reach the client. */
  static __h3_error__ = true
  override name = 'AppError'
  readonly unhandled = false
  readonly fatal = false
  readonly statusCode: number
  readonly statusMessage: string
  readonly data: AppErrorData

  constructor(statusCode: number, code: string, message: string, extra: Omit<AppErrorData, 'code'> = {}) {
    super(message)
    this.statusCode = statusCode
    this.statusMessage = message
    this.data = { code, ...extra }
  }

  get code(): string {
    return this.data.code
  }
}

/** 422: input that fails validation; `fields` maps a field path to its message. */
export class InvalidInputError extends AppError {
  constructor(fields: FieldErrors, message = 'Some fields need attention.') {
    super(422, 'invalid_input', message, { fields })
  }
}

/** 401: no valid session or credentials. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in to continue.', code = 'unauthorized') {
    super(401, code, message)
  }
}

/** 403: authenticated, but this action is not allowed (e.g. role too low within one's own org). */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.', code = 'forbidden') {
    super(403, code, message)
  }
}

/** 404: missing, or not visible to the caller (other tenants' data is reported as missing). */
export class NotFoundError extends AppError {
  constructor(message = 'Not found.', code = 'not_found') {
    super(404, code, message)
  }
}

/** 409: conflicts with the current state; say what to do instead in the message. */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', extra: Omit<AppErrorData, 'code'> = {}) {
    super(409, code, message, extra)
  }
}

/** 410: a link or token that existed but expired or was used. */
export class GoneError extends AppError {
  constructor(message: string, code = 'expired') {
    super(410, code, message)
  }
}

/** 429: too many attempts; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number, message = 'Too many attempts. Try again later.') {
    super(429, 'rate_limited', message, { retryAfterSeconds })
    this.retryAfterSeconds = retryAfterSeconds
  }
}
