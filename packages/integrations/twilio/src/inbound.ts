import { FormFieldReader, MESSAGE_SID_PATTERN } from './form-fields'
import { type TwilioKeyword, twilioKeywordOf } from './keywords'
import type { TwilioFormParams } from './signature'

/** What a Twilio webhook route answers (as text/xml): acknowledge, send no reply. */
export const TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

export interface TwilioInboundMedia {
  url: string
  contentType: string
}

export interface TwilioInboundSms {
  messageSid: string
  /** The sender (E.164 for SMS). */
  from: string
  /** Our number it was sent to. */
  to: string
  /** The text as sent; empty for a picture-only MMS. */
  body: string
  media: TwilioInboundMedia[]
  /** STOP/START/HELP when the whole body is one of Twilio's default keywords. */
  keyword: TwilioKeyword | null
}

/** Twilio sends at most 10 media items per message. */
const MAX_MEDIA = 10
const MEDIA_COUNT = /^(?:\d|10)$/
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/
const HTTPS_URL = /^https?:\/\/\S+$/

/**
 * Reads an inbound SMS/MMS webhook (after verifyTwilioSignature). Throws TwilioPayloadError for a
 * payload without MessageSid/From/To or with malformed media fields; extra fields are ignored.
 */
export function parseTwilioInbound(params: TwilioFormParams): TwilioInboundSms {
  const fields = new FormFieldReader(params)
  const messageSid = fields.required('MessageSid', MESSAGE_SID_PATTERN)
  const from = fields.required('From')
  const to = fields.required('To')
  const body = fields.optional('Body') ?? ''
  const numMedia = Number(fields.optional('NumMedia', MEDIA_COUNT) ?? '0')
  const media: TwilioInboundMedia[] = []
  for (let index = 0; index < Math.min(numMedia, MAX_MEDIA); index++) {
    const url = fields.required(`MediaUrl${index}`, HTTPS_URL)
    const contentType = fields.required(`MediaContentType${index}`, CONTENT_TYPE)
    media.push({ url, contentType })
  }
  fields.done()
  return { messageSid, from, to, body, media, keyword: twilioKeywordOf(body) }
}
