/** Meta's code for a free-form message outside the 24-hour customer-service window. */
export const WHATSAPP_OUTSIDE_WINDOW_CODE = 131047

/**
 * Graph error codes that are worth retrying later: rate limits (4, 80007, 130429, 131056) and
 * Meta's own trouble (1, 2, 131000, 131016, 133004). Every other code is a problem with the
 * request, the token or the recipient, which a retry would only repeat.
 */
const TRANSIENT_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004])

export interface WhatsAppSendErrorFields {
  /** Graph's `error.code`, or null when there was none (network failure, non-Graph answer). */
  code: number | null
  /** HTTP status; 0 when Meta was not reached or the request never left. */
  httpStatus: number
  /** Set when the outcome is known not to change on retry; see classifyPermanent. */
  permanent?: boolean
  subcode?: number | null
  fbtraceId?: string | null
  /** A short cause in our own words (never Meta's text, which can quote the recipient). */
  reason?: string
}

/**
 * The one error sendWhatsAppText / sendWhatsAppTemplate throw. Its message holds the HTTP status,
 * Graph's numeric code and our own reason only: never the token, the phone number or the text.
 */
export class WhatsAppSendError extends Error {
  override readonly name = 'WhatsAppSendError'
  readonly code: number | null
  readonly httpStatus: number
  /** True when retrying the same request cannot succeed (bad token, bad recipient, window, …). */
  readonly permanent: boolean
  /** Meta error 131047: the window is closed; send an approved template instead. */
  readonly outsideWindow: boolean
  readonly subcode: number | null
  /** Graph's trace id, for a support ticket. */
  readonly fbtraceId: string | null

  constructor(fields: WhatsAppSendErrorFields) {
    const parts = [fields.httpStatus === 0 ? 'Meta not reached' : `HTTP ${fields.httpStatus}`]
    if (fields.code !== null) parts.push(`Graph error ${fields.code}`)
    if (fields.reason !== undefined) parts.push(fields.reason)
    super(`WhatsApp send failed: ${parts.join(', ')}`)
    this.code = fields.code
    this.httpStatus = fields.httpStatus
    this.outsideWindow = fields.code === WHATSAPP_OUTSIDE_WINDOW_CODE
    this.permanent = fields.permanent ?? classifyPermanent(fields.httpStatus, fields.code)
    this.subcode = fields.subcode ?? null
    this.fbtraceId = fields.fbtraceId ?? null
  }
}

/** A code decides when there is one; otherwise 408, 429, 5xx and no answer at all are transient. */
function classifyPermanent(httpStatus: number, code: number | null): boolean {
  if (code !== null) return !TRANSIENT_CODES.has(code)
  if (httpStatus === 0 || httpStatus === 408 || httpStatus === 429 || httpStatus >= 500) return false
  return true
}
