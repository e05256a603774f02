import { Resend } from 'resend'
import { z } from 'zod'
import { ResendApiError } from './resend-api-error'

export const RESEND_DEFAULT_BASE_URL = 'https://api.resend.com'

export interface ResendApiOptions {
  apiKey: string
  /** Resend's REST API root; the fake's `baseUrl` in tests. Default `https://api.resend.com`. */
  baseUrl?: string
  /** Give up on a request after this long (default 15 s). */
  timeoutMs?: number
}

/** What an inbound email says beyond its webhook's metadata. */
export interface ReceivedEmail {
  text: string | null
  html: string | null
  /** Every header, keys lower-cased (`message-id`, `in-reply-to`, `references`, …). */
  headers: Record<string, string>
  messageId: string | null
  /** The Message-ID this one answers: ours if it is a reply to an email we sent. */
  inReplyTo: string | null
  /** The thread's Message-IDs, oldest first. */
  references: string[]
  replyTo: string[]
}

// Headers are read leniently: a repeated header may come as a list, anything else is dropped.
const headersSchema = z.record(z.string(), z.unknown()).nullish().transform((raw) => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value
    else if (Array.isArray(value) && value.every(item => typeof item === 'string')) headers[name.toLowerCase()] = value.join(', ')
  }
  return headers
})

const receivedEmailSchema = z.object({
  text: z.string().nullish(),
  html: z.string().nullish(),
  headers: headersSchema,
  message_id: z.string().nullish(),
  reply_to: z.union([z.array(z.string()), z.string().transform(value => [value])]).nullish(),
})

/**
 * The body and headers of an inbound email (`GET /emails/receiving/{id}` through the SDK's
 * `emails.receiving.get`), for the id an `email.received` webhook named. Throws only
 * ResendApiError: Resend's status and error name (404 `not_found` for an unknown id), or
 * `bad_response`; never the key or any of the email.
 */
export async function fetchReceivedEmail(options: ResendApiOptions, emailId: string): Promise<ReceivedEmail> {
  if (!options.apiKey) throw new ResendApiError('fetch received email', { code: 'missing_api_key' })
  if (typeof emailId !== 'string' || !/^[\w-]{1,128}$/.test(emailId)) {
    throw new ResendApiError('fetch received email', { code: 'invalid_parameter' })
  }
  const client = new Resend(options.apiKey, { baseUrl: (options.baseUrl || RESEND_DEFAULT_BASE_URL).replace(/\/+$/, '') })
  let result: Awaited<ReturnType<typeof client.emails.receiving.get>>
  try {
    result = await client.emails.receiving.get(emailId, {}, { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) })
  }
  catch {
    // The SDK returns network failures as `error`; only an abort while reading an error body escapes.
    throw new ResendApiError('fetch received email', { code: 'timeout' })
  }
  if (result.error) {
    throw new ResendApiError('fetch received email', { statusCode: result.error.statusCode, code: result.error.name })
  }
  const parsed = receivedEmailSchema.safeParse(result.data)
  if (!parsed.success) throw new ResendApiError('fetch received email', { code: 'bad_response' })
  const { headers } = parsed.data
  return {
    text: parsed.data.text ?? null,
    html: parsed.data.html ?? null,
    headers,
    messageId: parsed.data.message_id || headers['message-id'] || null,
    inReplyTo: messageIds(headers['in-reply-to'])[0] ?? null,
    references: messageIds(headers.references),
    replyTo: parsed.data.reply_to ?? [],
  }
}

/** The `<id@host>` tokens of a header (clients add comments and fold lines), else its words. */
function messageIds(value: string | undefined): string[] {
  if (value === undefined) return []
  const bracketed = value.match(/<[^<>\s]+>/g)
  return bracketed ?? value.split(/\s+/).filter(Boolean)
}
