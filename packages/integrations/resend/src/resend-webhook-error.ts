export type ResendWebhookRejection = 'missing_headers' | 'bad_signature' | 'expired' | 'bad_payload'

/**
 * Why a webhook delivery was refused. Every reason is a 4xx upstream (400, or 401 for a bad
 * signature); the message names the reason only, never the secret, a header value or the body.
 */
export class ResendWebhookError extends Error {
  override readonly name = 'ResendWebhookError'
  readonly reason: ResendWebhookRejection

  constructor(reason: ResendWebhookRejection) {
    super(`Resend webhook rejected: ${reason}`)
    this.reason = reason
  }
}
