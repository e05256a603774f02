import type Stripe from 'stripe'
import { toStripeRequestError } from './errors'

/** Stripe refuses an `expires_at` less than 30 minutes or more than 24 hours after creation. */
export const STRIPE_CHECKOUT_MIN_LIFETIME_SECONDS = 30 * 60
export const STRIPE_CHECKOUT_MAX_LIFETIME_SECONDS = 24 * 60 * 60
/**
 * Stripe measures the window from when it creates the session, a little after our clock reads
 * `now`; one minute of slack on each side keeps a clamped value inside the window.
 */
const CLOCK_SLACK_SECONDS = 60

export interface StripeCheckoutRequest {
  bookingId: string
  /** Our payment id: sent as client_reference_id and in metadata, so every event can be matched. */
  paymentId: string
  /** Deposit or full amount, in minor units (cents). */
  amountMinor: number
  /** ISO 4217, any case; sent lower-case. */
  currency: string
  /** Shown to the buyer as the line item's name. */
  description: string
  /** May contain {CHECKOUT_SESSION_ID}, which Stripe replaces. */
  successUrl: string
  cancelUrl: string
  /** When the hold on the slot ends. Clamped into Stripe's 30 min – 24 h window (see clampCheckoutExpiry). */
  expiresAt: Date
  customerEmail?: string
  /** Same key + same request → Stripe returns the same session instead of creating another. */
  idempotencyKey: string
  /** Clock for the clamp; defaults to the current time. */
  now?: Date
}

export interface StripeCheckout {
  sessionId: string
  /** Where to send the buyer (Stripe's hosted page, or the fake's). */
  url: string
  /** The session's real expiry, as Stripe stored it (after clamping). */
  expiresAt: Date
}

/**
 * Moves `expiresAt` into the window Stripe accepts: a hold shorter than 30 minutes becomes 30
 * minutes (plus a minute of slack), because Stripe would reject it outright. One longer than 24
 * hours becomes 24 hours (minus a minute) for the same reason. The caller should treat the
 * returned time, not its own, as the end of the hold. Returns epoch seconds.
 */
export function clampCheckoutExpiry(expiresAt: Date, now: Date = new Date()): number {
  const nowSeconds = Math.floor(now.getTime() / 1000)
  const wanted = Math.floor(expiresAt.getTime() / 1000)
  if (!Number.isFinite(wanted)) throw new RangeError('createStripeCheckout needs a valid expiresAt date')
  const earliest = nowSeconds + STRIPE_CHECKOUT_MIN_LIFETIME_SECONDS + CLOCK_SLACK_SECONDS
  const latest = nowSeconds + STRIPE_CHECKOUT_MAX_LIFETIME_SECONDS - CLOCK_SLACK_SECONDS
  return Math.min(Math.max(wanted, earliest), latest)
}

/**
 * Creates a hosted Checkout Session (mode payment) for one booking payment. The booking and
 * payment ids travel in the session's metadata and, through payment_intent_data, in the
 * PaymentIntent's, so refunds and disputes (which carry the PaymentIntent) can be traced back too.
 */
export async function createStripeCheckout(client: Stripe, request: StripeCheckoutRequest): Promise<StripeCheckout> {
  const { bookingId, paymentId, amountMinor, description, idempotencyKey } = request
  requireText('bookingId', bookingId, 500)
  requireText('paymentId', paymentId, 500)
  requireText('description', description, 5000)
  requireText('successUrl', request.successUrl, 5000)
  requireText('cancelUrl', request.cancelUrl, 5000)
  requireText('idempotencyKey', idempotencyKey, 255)
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new RangeError('createStripeCheckout needs a positive whole amountMinor')
  }
  if (typeof request.currency !== 'string' || !/^[a-z]{3}$/i.test(request.currency)) {
    throw new RangeError('createStripeCheckout needs a three-letter ISO 4217 currency')
  }
  const metadata = { booking_id: bookingId, payment_id: paymentId }
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    line_items: [{
      price_data: {
        currency: request.currency.toLowerCase(),
        unit_amount: amountMinor,
        product_data: { name: description },
      },
      quantity: 1,
    }],
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    client_reference_id: paymentId,
    metadata,
    payment_intent_data: { metadata },
    expires_at: clampCheckoutExpiry(request.expiresAt, request.now),
  }
  if (request.customerEmail !== undefined) params.customer_email = request.customerEmail

  let session: Stripe.Checkout.Session
  try {
    session = await client.checkout.sessions.create(params, { idempotencyKey })
  }
  catch (error) {
    throw toStripeRequestError('checkout session create', error)
  }
  if (typeof session.url !== 'string') {
    throw new TypeError(`Stripe checkout session ${session.id} has no hosted page url`)
  }
  return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) }
}

export interface StripeCheckoutState {
  /** open | complete | expired (null only for sessions Stripe has not finished creating). */
  status: Stripe.Checkout.Session.Status | null
  /** paid | unpaid | no_payment_required: fulfil only on paid. */
  paymentStatus: Stripe.Checkout.Session.PaymentStatus
  /** Absent until the buyer has tried to pay: Stripe creates the PaymentIntent lazily. */
  paymentIntentId?: string
  amountTotal?: number
  currency?: string
  metadata: Record<string, string>
}

/**
 * The current state of a Checkout Session, for reconciliation: a payment whose webhook never came
 * is settled from this. Throws StripeRequestError (code resource_missing) for an unknown id.
 */
export async function findStripeCheckout(client: Stripe, sessionId: string): Promise<StripeCheckoutState> {
  requireText('sessionId', sessionId, 500)
  let session: Stripe.Checkout.Session
  try {
    session = await client.checkout.sessions.retrieve(sessionId)
  }
  catch (error) {
    throw toStripeRequestError('checkout session retrieve', error)
  }
  const paymentIntent = session.payment_intent
  return {
    status: session.status,
    paymentStatus: session.payment_status,
    paymentIntentId: typeof paymentIntent === 'string' ? paymentIntent : paymentIntent?.id,
    amountTotal: session.amount_total ?? undefined,
    currency: session.currency ?? undefined,
    metadata: { ...session.metadata },
  }
}

/**
 * Closes an open Checkout Session so it can no longer be paid (the booking's hold ended here
 * first). `not_open` when it was already paid or expired: Stripe refuses to expire those with a
 * 400, and a payment that came in anyway is handled as a late payment. Other failures throw
 * StripeRequestError; the session then ends at its own expires_at.
 */
export async function expireStripeCheckout(client: Stripe, sessionId: string): Promise<'expired' | 'not_open'> {
  requireText('sessionId', sessionId, 500)
  try {
    await client.checkout.sessions.expire(sessionId)
    return 'expired'
  }
  catch (error) {
    const failure = toStripeRequestError('checkout session expire', error)
    if (failure.statusCode === 400 && failure.type === 'invalid_request_error' && failure.code !== 'resource_missing') return 'not_open'
    throw failure
  }
}

function requireText(name: string, value: unknown, maxLength: number): void {
  if (typeof value !== 'string' || value === '' || value.length > maxLength) {
    throw new TypeError(`Stripe: ${name} must be a non-empty string of at most ${maxLength} characters`)
  }
}

/**
 * Lists the newest Checkout Session: a call that changes nothing and needs the permission
 * bookings use, for an owner's "test connection". Throws StripeRequestError (401 for a key
 * Stripe does not know; no status when Stripe could not be reached).
 */
export async function checkStripeKey(client: Stripe): Promise<void> {
  try {
    await client.checkout.sessions.list({ limit: 1 })
  }
  catch (error) {
    throw toStripeRequestError('checkout.sessions.list', error)
  }
}
