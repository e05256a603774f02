/** Twilio's "Attempt to send to unsubscribed recipient": the recipient texted STOP to this sender. */
export const TWILIO_OPTED_OUT_CODE = 21610
/** Twilio's "Invalid 'To' Phone Number". */
export const TWILIO_INVALID_TO_CODE = 21211

/**
 * Statuses that say nothing about the message itself: our credentials or account (401, 403,
 * 404 for an unknown account), a timeout, or throttling. The same message can succeed once that
 * is fixed, so they are not permanent. Every other 4xx is about this message (opted out, invalid
 * number, body too long) and will fail the same way again.
 */
const TRANSIENT_CLIENT_STATUSES = new Set([401, 403, 404, 408, 409, 429])

/** Our own words for the codes callers act on: Twilio's own messages quote the phone number. */
const CODE_DESCRIPTIONS: Record<number, string> = {
  20003: 'authentication failed',
  20404: 'resource not found',
  20429: 'too many requests',
  21211: 'invalid To number',
  21212: 'invalid From number',
  21408: 'region not enabled for this account',
  21602: 'body is required',
  21603: 'From is required',
  21604: 'To is required',
  21606: 'From number cannot send SMS',
  21608: 'To number not verified (trial account)',
  21610: 'recipient has opted out (STOP)',
  21612: 'To number cannot be reached',
  21614: 'To number cannot receive SMS',
  21617: 'body exceeds 1600 characters',
}

/**
 * What sendSms throws when Twilio or the network refuses. Only the status, Twilio's numeric code
 * and its docs link are copied: Twilio's message text can contain the phone number, and the SDK
 * error carries the request (with the Authorization header) for network failures, so there is
 * deliberately no `cause`.
 */
export class TwilioSendError extends Error {
  override readonly name = 'TwilioSendError'
  /** Twilio's error code (21610, 21211, 20003, …), null when Twilio gave none. */
  readonly code: number | null
  /** The HTTP status; 0 when no HTTP answer came (network error, timeout). */
  readonly status: number
  /** True when retrying the same message cannot succeed: give up, and for 21610 mark the number opted out. */
  readonly permanent: boolean
  /** Twilio's documentation link for the code, when given. */
  readonly moreInfo: string | null

  constructor(details: { status: number, code: number | null, moreInfo?: string | null, reason?: string }) {
    const what = details.reason
      ?? (details.code !== null ? CODE_DESCRIPTIONS[details.code] : undefined)
      ?? (details.status === 0 ? 'no answer' : 'request refused')
    const codeText = details.code !== null ? `, error ${details.code}` : ''
    super(`Twilio send failed (HTTP ${details.status}${codeText}): ${what}`)
    this.status = details.status
    this.code = details.code
    this.moreInfo = details.moreInfo ?? null
    this.permanent = details.status >= 400 && details.status < 500 && !TRANSIENT_CLIENT_STATUSES.has(details.status)
  }
}

/** A webhook payload that is not what Twilio sends: answer it with a 400. */
export class TwilioPayloadError extends Error {
  override readonly name = 'TwilioPayloadError'
  /** The parameter names that were missing or malformed, never their values. */
  readonly fields: string[]

  constructor(fields: string[]) {
    super(`Invalid Twilio payload: ${fields.join(', ')}`)
    this.fields = fields
  }
}

/** Turns whatever the SDK threw into a TwilioSendError carrying nothing from the request. */
export function toTwilioSendError(error: unknown): TwilioSendError {
  if (error instanceof TwilioSendError) return error
  const fields = typeof error === 'object' && error !== null ? error as Record<string, unknown> : {}
  // RestException / TwilioServiceException carry a numeric `status`; axios network errors do not.
  const status = typeof fields.status === 'number' && Number.isInteger(fields.status) ? fields.status : 0
  const code = typeof fields.code === 'number' && Number.isInteger(fields.code) ? fields.code : null
  const moreInfo = typeof fields.moreInfo === 'string' && /^https:\/\/[\w./-]+$/.test(fields.moreInfo) ? fields.moreInfo : null
  // Node/axios error codes (ECONNREFUSED, ECONNABORTED) name the failure without any data in it.
  const networkCode = status === 0 && typeof fields.code === 'string' && /^E[A-Z_]{2,30}$/.test(fields.code) ? fields.code : undefined
  return new TwilioSendError({ status, code, moreInfo, reason: networkCode && `no answer (${networkCode})` })
}
