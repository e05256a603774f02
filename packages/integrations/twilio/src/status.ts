import { FormFieldReader, MESSAGE_SID_PATTERN } from './form-fields'
import type { TwilioFormParams } from './signature'

/** Message statuses Twilio documents; parseTwilioStatus passes others through, as Twilio adds some over time. */
export const TWILIO_MESSAGE_STATUSES = [
  'queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received',
  'accepted', 'scheduled', 'read', 'partially_delivered', 'canceled',
] as const

/** Statuses after which no further callback is expected for the message. */
export const TWILIO_FINAL_STATUSES: ReadonlySet<string> = new Set(['delivered', 'undelivered', 'failed', 'read', 'canceled'])

export interface TwilioStatusUpdate {
  messageSid: string
  status: string
  /** Twilio's error code (30003 unreachable, 30005 unknown number, …) on failed/undelivered; null otherwise. */
  errorCode: number | null
}

const STATUS = /^[a-z][a-z_-]{1,40}$/
const ERROR_CODE = /^\d{1,6}$/

/** Reads a status callback (after verifyTwilioSignature). Throws TwilioPayloadError when MessageSid or MessageStatus is missing or malformed. */
export function parseTwilioStatus(params: TwilioFormParams): TwilioStatusUpdate {
  const fields = new FormFieldReader(params)
  const messageSid = fields.required('MessageSid', MESSAGE_SID_PATTERN)
  const status = fields.required('MessageStatus', STATUS)
  // An empty or 0 ErrorCode is read as "no error": not documented, but cheaper to accept than to 400.
  const rawErrorCode = fields.optional('ErrorCode', /^\d{0,6}$/)
  fields.done()
  const errorCode = rawErrorCode !== undefined && ERROR_CODE.test(rawErrorCode) && Number(rawErrorCode) !== 0 ? Number(rawErrorCode) : null
  return { messageSid, status, errorCode }
}
