import { createTwilioClient } from './client'
import type { TwilioConfig } from './config'
import { toTwilioSendError, TwilioSendError } from './errors'

export interface SmsMessage {
  /** Our Twilio number (E.164), a short code, or an alphanumeric sender id. */
  from: string
  /** The recipient, E.164 (`+34600111222`). */
  to: string
  /** 1–1600 characters; Twilio splits it into segments. */
  body: string
  /** Where Twilio POSTs status changes (sent, delivered, undelivered, failed). */
  statusCallback?: string
}

export interface SentSms {
  /** The Message SID (`SM…`); status callbacks carry it as MessageSid. */
  sid: string
  /** Twilio's initial status, `queued` without a Messaging Service. */
  status: string
}

export const TWILIO_MAX_BODY_LENGTH = 1600

const E164 = /^\+[1-9]\d{1,14}$/
const SHORT_CODE = /^\d{3,8}$/
// Alphanumeric sender ids: up to 11 characters, at least one letter.
const ALPHANUMERIC_SENDER = /^(?=.*[A-Z])[A-Z0-9 ]{1,11}$/i
const MESSAGE_SID = /^(?:SM|MM)[0-9a-f]{32}$/i

/** Caller mistakes are TypeErrors thrown before any request; they name the field, never its value. */
function checkMessage(message: SmsMessage): void {
  if (typeof message.to !== 'string' || !E164.test(message.to)) throw new TypeError('sendSms: to must be an E.164 number')
  if (typeof message.from !== 'string' || !(E164.test(message.from) || SHORT_CODE.test(message.from) || ALPHANUMERIC_SENDER.test(message.from))) {
    throw new TypeError('sendSms: from must be an E.164 number, a short code or an alphanumeric sender id')
  }
  if (typeof message.body !== 'string' || message.body.trim() === '') throw new TypeError('sendSms: body is empty')
  if (message.body.length > TWILIO_MAX_BODY_LENGTH) throw new RangeError(`sendSms: body is longer than ${TWILIO_MAX_BODY_LENGTH} characters`)
  if (message.statusCallback !== undefined && !isHttpUrl(message.statusCallback)) throw new TypeError('sendSms: statusCallback must be an http(s) URL')
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  }
  catch {
    return false
  }
}

/**
 * Sends one SMS through `client.messages.create`. Throws TwilioSendError when Twilio or the network
 * refuses; see its `permanent` for whether to retry. Twilio has no idempotency key for sends: a
 * retry after a timeout can deliver the message twice, so retry network errors sparingly.
 */
export async function sendSms(config: TwilioConfig, message: SmsMessage): Promise<SentSms> {
  checkMessage(message)
  const client = createTwilioClient(config)
  let created: unknown
  try {
    created = await client.messages.create({
      from: message.from,
      to: message.to,
      body: message.body,
      ...(message.statusCallback !== undefined ? { statusCallback: message.statusCallback } : {}),
    })
  }
  catch (error) {
    throw toTwilioSendError(error)
  }
  const { sid, status } = (created ?? {}) as { sid?: unknown, status?: unknown }
  if (typeof sid !== 'string' || !MESSAGE_SID.test(sid) || typeof status !== 'string' || status === '') {
    // Twilio took the request but its answer is unreadable: the message may be on its way, so
    // this is not permanent, and a retry risks a duplicate.
    throw new TwilioSendError({ status: 200, code: null, reason: 'unreadable response' })
  }
  return { sid, status }
}
