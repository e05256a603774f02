/**
 * What our Resend API calls throw. It keeps only Resend's HTTP status and error name
 * (`not_found`, `invalid_api_key`, `rate_limit_exceeded`, …), never Resend's message or the SDK's
 * response: those come from the network and could echo the key or a mail body.
 */
export class ResendApiError extends Error {
  override readonly name = 'ResendApiError'
  /** HTTP status, or undefined when Resend could not be reached. */
  readonly statusCode: number | undefined
  /** Resend's error `name`, or `bad_response` when its answer was not the expected shape. */
  readonly code: string | undefined

  constructor(operation: string, fields: { statusCode?: number | null, code?: unknown }) {
    const statusCode = typeof fields.statusCode === 'number' ? fields.statusCode : undefined
    const code = safeToken(fields.code)
    const what = statusCode === undefined ? 'could not reach Resend' : `HTTP ${statusCode}`
    super(`Resend ${operation} failed: ${what}${code === undefined ? '' : ` ${code}`}`)
    this.statusCode = statusCode
    this.code = code
  }
}

/** Only short identifier-like strings are echoed, so no provider text can smuggle data into logs. */
function safeToken(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : undefined
}
