import { createHmac, timingSafeEqual } from 'node:crypto'
import { parseResendEvent, type ResendEvent } from './resend-event'
import { ResendWebhookError } from './resend-webhook-error'

/** Standard Webhooks' WEBHOOK_TOLERANCE_IN_SECONDS; Svix rejects "too old" and "too new" alike. */
export const RESEND_WEBHOOK_TOLERANCE_SECONDS = 300

/** Incoming headers as Node gives them (lower-case keys) or as a fetch Headers object. */
export type ResendWebhookHeaders
  = | Headers
    | { 'svix-id'?: string, 'svix-timestamp'?: string, 'svix-signature'?: string }
    | Record<string, string | string[] | undefined>

export interface VerifyResendWebhookInput {
  /** The endpoint's signing secret, `whsec_<base64>`. */
  secret: string
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string
  headers: ResendWebhookHeaders
  /** The clock to check the timestamp against; defaults to now. */
  now?: Date
}

/** A verified event plus the delivery's svix-id: the same across retries, so dedupe on it. */
export type VerifiedResendEvent = ResendEvent & { svixId: string }

/**
 * Verifies a Resend (Svix / Standard Webhooks) delivery over the raw body and parses it. HMAC-SHA256
 * keyed by the base64-decoded secret after `whsec_`, over `${id}.${timestamp}.${rawBody}`; any `v1,`
 * entry of the space-separated svix-signature may match, compared in constant time. The signature is
 * checked before the clock, so a forgery is always `bad_signature`. Throws only ResendWebhookError.
 *
 * Written on node:crypto rather than the SDK's `resend.webhooks.verify` because that one reads
 * `Date.now()` and cannot be pinned; the tests check the SDK accepts what the fake signs.
 */
export function verifyResendWebhook(input: VerifyResendWebhookInput): VerifiedResendEvent {
  const id = headerValue(input.headers, 'svix-id') ?? headerValue(input.headers, 'webhook-id')
  const timestamp = headerValue(input.headers, 'svix-timestamp') ?? headerValue(input.headers, 'webhook-timestamp')
  const signatures = headerValue(input.headers, 'svix-signature') ?? headerValue(input.headers, 'webhook-signature')
  if (!id || !timestamp || !signatures) throw new ResendWebhookError('missing_headers')
  if (typeof input.rawBody !== 'string') throw new ResendWebhookError('bad_payload')
  const key = signingKey(input.secret)
  if (key === undefined || !/^\d{1,15}$/.test(timestamp)) throw new ResendWebhookError('bad_signature')

  const expected = Buffer.from(signResendWebhookWithKey(key, id, timestamp, input.rawBody), 'utf8')
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2)
    if (version !== 'v1' || signature === undefined) return false
    const candidate = Buffer.from(signature, 'utf8')
    return candidate.length === expected.length && timingSafeEqual(candidate, expected)
  })
  if (!matches) throw new ResendWebhookError('bad_signature')

  const nowSeconds = Math.floor((input.now?.getTime() ?? Date.now()) / 1000)
  if (!Number.isFinite(nowSeconds) || Math.abs(nowSeconds - Number(timestamp)) > RESEND_WEBHOOK_TOLERANCE_SECONDS) {
    throw new ResendWebhookError('expired')
  }

  let json: unknown
  try {
    json = JSON.parse(input.rawBody)
  }
  catch {
    throw new ResendWebhookError('bad_payload')
  }
  return { ...parseResendEvent(json), svixId: id }
}

/**
 * The svix-signature entry (`v1,<base64>`) for one delivery; the fake server's half of
 * verifyResendWebhook, also handy to sign test requests. `timestamp` is epoch seconds.
 */
export function signResendWebhook(secret: string, id: string, timestamp: number | string, rawBody: string): string {
  const key = signingKey(secret)
  if (key === undefined) throw new TypeError('signResendWebhook: the secret must be whsec_<base64>')
  return `v1,${signResendWebhookWithKey(key, id, String(timestamp), rawBody)}`
}

function signResendWebhookWithKey(key: Buffer, id: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`, 'utf8').digest('base64')
}

/** Standard Webhooks: strip `whsec_`, base64-decode the rest. Buffer.from() skips bad characters, so check first. */
function signingKey(secret: unknown): Buffer | undefined {
  if (typeof secret !== 'string') return undefined
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret
  if (!/^[A-Z0-9+/]+={0,2}$/i.test(encoded)) return undefined
  const key = Buffer.from(encoded, 'base64')
  return key.length === 0 ? undefined : key
}

/** One header by its lower-case name; a repeated header counts as missing. */
function headerValue(headers: ResendWebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name)?.trim() || undefined
  const record = headers as Record<string, string | string[] | undefined>
  const value = record[name] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1]
  return typeof value === 'string' ? value.trim() || undefined : undefined
}
