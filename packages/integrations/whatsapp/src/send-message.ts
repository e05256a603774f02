import { z } from 'zod'
import { WhatsAppSendError } from './whatsapp-send-error'

export interface WhatsAppConfig {
  /** The business phone number's Graph id (not the number itself). */
  phoneNumberId: string
  /** A system-user access token with whatsapp_business_messaging. */
  accessToken: string
  /** Graph origin; default https://graph.facebook.com (the fake's `apiUrl` in tests). */
  apiUrl?: string
  /** Graph version; default v23.0. */
  apiVersion?: string
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number
}

export interface SendWhatsAppTextInput {
  /** +E.164 or digits; sent as digits. */
  to: string
  body: string
}

export interface SendWhatsAppTemplateInput {
  to: string
  /** The approved template's name, e.g. booking_reminder. */
  name: string
  /** The template translation's code, e.g. es or en_US. */
  languageCode: string
  /** Values for {{1}}, {{2}}, … of the template body, in order. */
  bodyParameters: string[]
}

export const WHATSAPP_DEFAULT_API_URL = 'https://graph.facebook.com'
export const WHATSAPP_DEFAULT_API_VERSION = 'v23.0'
/** Meta's limit on a text message body. */
export const WHATSAPP_MAX_TEXT_LENGTH = 4096
const DEFAULT_TIMEOUT_MS = 30_000

const RECIPIENT_PATTERN = /^\+?([1-9]\d{6,14})$/

const sendResponseSchema = z.object({
  messages: z.array(z.object({ id: z.string().min(1).max(256) })).min(1),
})

const graphErrorSchema = z.object({
  error: z.object({
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    fbtrace_id: z.string().optional(),
  }),
})

/** Sends a free-form text. Check isWithinCustomerServiceWindow first: outside it Meta refuses (131047). */
export async function sendWhatsAppText(config: WhatsAppConfig, input: SendWhatsAppTextInput): Promise<{ messageId: string }> {
  const to = recipientDigits(input.to)
  const body = input.body
  if (typeof body !== 'string' || body.trim() === '' || body.length > WHATSAPP_MAX_TEXT_LENGTH) {
    throw new WhatsAppSendError({ code: null, httpStatus: 0, permanent: true, reason: `text body must be 1 to ${WHATSAPP_MAX_TEXT_LENGTH} characters` })
  }
  return postMessage(config, {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'text',
    text: { preview_url: false, body },
  })
}

/** Sends an approved template; allowed outside the 24-hour window. */
export async function sendWhatsAppTemplate(config: WhatsAppConfig, input: SendWhatsAppTemplateInput): Promise<{ messageId: string }> {
  const to = recipientDigits(input.to)
  if (typeof input.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(input.name)) {
    throw new WhatsAppSendError({ code: null, httpStatus: 0, permanent: true, reason: 'template name must be lower-case letters, digits and underscores' })
  }
  if (typeof input.languageCode !== 'string' || !/^[a-z]{2,3}(?:_[A-Z]{2,3})?$/.test(input.languageCode)) {
    throw new WhatsAppSendError({ code: null, httpStatus: 0, permanent: true, reason: 'template language code must look like es or en_US' })
  }
  const parameters = input.bodyParameters
  if (!Array.isArray(parameters) || parameters.some(value => typeof value !== 'string' || value.trim() === '')) {
    throw new WhatsAppSendError({ code: null, httpStatus: 0, permanent: true, reason: 'template body parameters must be non-empty strings' })
  }
  return postMessage(config, {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: input.name,
      language: { policy: 'deterministic', code: input.languageCode },
      // Meta rejects a body component without parameters, so a fixed-text template sends none.
      ...(parameters.length === 0 ? {} : { components: [{ type: 'body', parameters: parameters.map(text => ({ type: 'text', text })) }] }),
    },
  })
}

function recipientDigits(to: unknown): string {
  const match = typeof to === 'string' ? RECIPIENT_PATTERN.exec(to.trim()) : null
  if (match === null) throw new WhatsAppSendError({ code: null, httpStatus: 0, permanent: true, reason: 'recipient must be +E.164 or digits' })
  return match[1]!
}

function messagesUrl(config: WhatsAppConfig): string {
  if (typeof config.accessToken !== 'string' || config.accessToken === '') throw new TypeError('WhatsAppConfig needs an accessToken')
  if (typeof config.phoneNumberId !== 'string' || !/^\d{1,32}$/.test(config.phoneNumberId)) throw new TypeError('WhatsAppConfig.phoneNumberId must be the numeric Graph id')
  const version = config.apiVersion ?? WHATSAPP_DEFAULT_API_VERSION
  if (!/^v\d{1,3}\.\d{1,3}$/.test(version)) throw new TypeError('WhatsAppConfig.apiVersion must look like v23.0')
  let origin: URL
  try {
    origin = new URL(config.apiUrl ?? WHATSAPP_DEFAULT_API_URL)
  }
  catch {
    throw new TypeError('WhatsAppConfig.apiUrl is not a URL')
  }
  if (origin.protocol !== 'https:' && origin.protocol !== 'http:') throw new TypeError('WhatsAppConfig.apiUrl must be http(s)')
  return `${origin.origin}/${version}/${config.phoneNumberId}/messages`
}

async function postMessage(config: WhatsAppConfig, payload: Record<string, unknown>): Promise<{ messageId: string }> {
  const url = messagesUrl(config)
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${config.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    })
    text = await response.text()
  }
  catch (error) {
    // Only the error's class name: fetch errors can carry the request, headers included.
    const kind = error instanceof Error && /^\w{1,40}$/.test(error.name) ? error.name : 'network error'
    throw new WhatsAppSendError({ code: null, httpStatus: 0, reason: kind === 'TimeoutError' ? 'timed out' : kind })
  }
  const json = parseJson(text)
  if (!response.ok) {
    const graph = graphErrorSchema.safeParse(json)
    if (!graph.success) throw new WhatsAppSendError({ code: null, httpStatus: response.status, reason: 'no Graph error in the answer' })
    const { code, error_subcode: subcode, fbtrace_id: trace } = graph.data.error
    throw new WhatsAppSendError({
      code,
      httpStatus: response.status,
      subcode: subcode ?? null,
      fbtraceId: trace !== undefined && /^[\w.-]{1,64}$/.test(trace) ? trace : null,
      reason: code === 131047 ? 'outside the 24-hour window' : undefined,
    })
  }
  const accepted = sendResponseSchema.safeParse(json)
  // Meta took the request but the answer has no id: retrying could send the message twice.
  if (!accepted.success) throw new WhatsAppSendError({ code: null, httpStatus: response.status, permanent: true, reason: 'no message id in the answer' })
  return { messageId: accepted.data.messages[0]!.id }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    return undefined
  }
}
