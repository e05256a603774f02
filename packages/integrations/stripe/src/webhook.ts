import Stripe from 'stripe'

/** Stripe's own default, and the window PROVIDERS.md asks for in both directions. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300

/** The parts of a verified event the rest of the product uses; `object` is `data.object`. */
export interface VerifiedStripeEvent {
  /** evt_…: dedupe deliveries on this, Stripe sends the same event more than once. */
  id: string
  type: string
  /** Epoch seconds when Stripe created the event (deliveries can arrive out of order). */
  created: number
  livemode: boolean
  object: Record<string, unknown>
}

export type StripeWebhookRejection = 'missing_signature' | 'bad_signature' | 'stale' | 'bad_payload'

export type StripeWebhookVerification
  = | { valid: true, event: VerifiedStripeEvent }
    | { valid: false, reason: StripeWebhookRejection }

export interface StripeWebhookVerifyOptions {
  /** Maximum clock distance between the signature's t= and now; must be positive, default 300. */
  toleranceSeconds?: number
  /** The clock to check against; defaults to the current time. */
  now?: Date
}

/**
 * Verifies a webhook delivery over the raw body bytes with the SDK's constructEvent, then adds
 * what the SDK leaves out: its tolerance check is one-sided (a timestamp an hour in the future
 * passes), so a timestamp more than `toleranceSeconds` ahead is also `stale`. Never throws:
 * everything wrong is a `reason`. Nothing about the secret, header or body is reported back.
 */
export function verifyStripeWebhook(
  rawBody: string | Buffer,
  signatureHeader: string | undefined,
  webhookSecret: string,
  options: StripeWebhookVerifyOptions = {},
): StripeWebhookVerification {
  if (typeof signatureHeader !== 'string' || signatureHeader.trim() === '') return reject('missing_signature')
  if (typeof webhookSecret !== 'string' || webhookSecret === '') return reject('bad_signature')
  const bodyIsBytes = rawBody instanceof Uint8Array
  if ((typeof rawBody !== 'string' && !bodyIsBytes) || rawBody.length === 0) return reject('bad_payload')
  const tolerance = options.toleranceSeconds !== undefined && options.toleranceSeconds > 0
    ? options.toleranceSeconds
    : STRIPE_WEBHOOK_TOLERANCE_SECONDS
  const nowMs = options.now?.getTime() ?? Date.now()
  if (!Number.isFinite(nowMs)) return reject('stale')

  let parsed: unknown
  try {
    parsed = Stripe.webhooks.constructEvent(rawBody, signatureHeader, webhookSecret, tolerance, undefined, nowMs)
  }
  catch (error) {
    return reject(rejectionFor(error))
  }
  const timestamp = signedTimestamp(signatureHeader)
  if (timestamp === undefined) return reject('bad_signature')
  if (timestamp - Math.floor(nowMs / 1000) > tolerance) return reject('stale')
  const event = eventEnvelope(parsed)
  return event === undefined ? reject('bad_payload') : { valid: true, event }
}

/**
 * A Stripe-Signature header (`t=…,v1=…`) for `payload`, made by the SDK's own test helper. For tests
 * and the fake server; `timestamp` is epoch seconds, default now.
 */
export function signStripeWebhook(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp })
}

function reject(reason: StripeWebhookRejection): StripeWebhookVerification {
  return { valid: false, reason }
}

/** The SDK reports every failure as a StripeSignatureVerificationError with a message; JSON errors are plain. */
function rejectionFor(error: unknown): StripeWebhookRejection {
  if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) return 'bad_payload'
  if (/tolerance/i.test(error.message)) return 'stale'
  if (/no webhook payload/i.test(error.message)) return 'bad_payload'
  if (/no stripe-signature header/i.test(error.message)) return 'missing_signature'
  return 'bad_signature'
}

function signedTimestamp(header: string): number | undefined {
  for (const part of header.split(',')) {
    const [name, value] = part.split('=')
    if (name?.trim() === 't' && value !== undefined && /^\d+$/.test(value.trim())) return Number(value.trim())
  }
  return undefined
}

function eventEnvelope(parsed: unknown): VerifiedStripeEvent | undefined {
  if (!isRecord(parsed) || parsed.object !== 'event') return undefined
  const { id, type, created, livemode, data } = parsed
  if (typeof id !== 'string' || id === '' || typeof type !== 'string' || type === '') return undefined
  if (typeof created !== 'number' || !Number.isFinite(created) || typeof livemode !== 'boolean') return undefined
  if (!isRecord(data) || !isRecord(data.object)) return undefined
  return { id, type, created, livemode, object: data.object }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
