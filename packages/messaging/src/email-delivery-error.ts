/**
 * A provider refused or could not take an email. The message is safe to store and log:
 * it never contains credentials.
 */
export class EmailDeliveryError extends Error {
  override name = 'EmailDeliveryError'
  /** The transport that failed, e.g. `resend`. */
  readonly provider: string
  /** The provider's HTTP status; null when the request never got an answer. */
  readonly statusCode: number | null
  /** The provider's error code, e.g. `validation_error`. */
  readonly code: string | undefined

  constructor(message: string, details: { provider: string, statusCode?: number | null, code?: string }) {
    super(message)
    this.provider = details.provider
    this.statusCode = details.statusCode ?? null
    this.code = details.code
  }
}
