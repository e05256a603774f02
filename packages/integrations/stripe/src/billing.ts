import type Stripe from 'stripe'
import { toStripeRequestError } from './errors'
import { type StripeSubscriptionState, subscriptionFromStripeEvent, subscriptionStateFrom } from './subscription-event'
import type { VerifiedStripeEvent } from './webhook'

export type StripeBillingInterval = 'day' | 'week' | 'month' | 'year'

/** Stripe's longest billing period is three years, in whichever unit. */
const MAX_INTERVAL_COUNT: Record<StripeBillingInterval, number> = { day: 1095, week: 156, month: 36, year: 3 }

/** A price made on the fly for this checkout (Stripe creates a Price and a Product for it). */
export interface StripeRecurringPriceData {
  /** ISO 4217, any case; sent lower-case. */
  currency: string
  /** Per interval, in minor units (cents). */
  unitAmountMinor: number
  interval: StripeBillingInterval
  /** Bill every N intervals; default 1. */
  intervalCount?: number
  /** Shown to the buyer and on invoices. */
  productName: string
}

interface SubscriptionCheckoutCommon {
  /** May contain {CHECKOUT_SESSION_ID}, which Stripe replaces. */
  successUrl: string
  cancelUrl: string
  /** Our reference (e.g. the plan or organisation id), echoed on checkout.session.completed. */
  clientReferenceId?: string
  /** On the Checkout Session. */
  metadata: Record<string, string>
  /** On the Subscription (subscription_data[metadata]), so every subscription and invoice event carries our ids. */
  subscriptionMetadata: Record<string, string>
  /** Same key + same request → Stripe returns the same session instead of creating another. */
  idempotencyKey?: string
}

type PriceChoice = { priceData: StripeRecurringPriceData, priceId?: never } | { priceId: string, priceData?: never }
/** A known customer (cus_…) or an e-mail for a new one; Stripe refuses both at once. */
type CustomerChoice = { customerId?: string, customerEmail?: never } | { customerEmail?: string, customerId?: never }

export type StripeSubscriptionCheckoutRequest = SubscriptionCheckoutCommon & PriceChoice & CustomerChoice

export interface StripeSubscriptionCheckout {
  /** cs_… */
  id: string
  /** Where to send the buyer (Stripe's hosted page, or the fake's). */
  url: string
  expiresAt: Date
}

/**
 * Creates a hosted Checkout Session in subscription mode for one recurring price. Paying creates
 * the Customer (unless one was given), the Subscription and its first paid Invoice; the outcome
 * arrives as customer.subscription.created, invoice.paid and checkout.session.completed.
 */
export async function createStripeSubscriptionCheckout(client: Stripe, request: StripeSubscriptionCheckoutRequest): Promise<StripeSubscriptionCheckout> {
  requireText('successUrl', request.successUrl, 5000)
  requireText('cancelUrl', request.cancelUrl, 5000)
  if (request.clientReferenceId !== undefined) requireText('clientReferenceId', request.clientReferenceId, 200)
  if (request.idempotencyKey !== undefined) requireText('idempotencyKey', request.idempotencyKey, 255)
  if (request.customerId !== undefined && request.customerEmail !== undefined) {
    throw new TypeError('createStripeSubscriptionCheckout takes customerId or customerEmail, not both')
  }
  if (request.customerId !== undefined) requireId('customerId', request.customerId, 'cus_')
  if (request.customerEmail !== undefined) requireText('customerEmail', request.customerEmail, 800)
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'subscription',
    line_items: [lineItem(request)],
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    metadata: requireMetadata('metadata', request.metadata),
    subscription_data: { metadata: requireMetadata('subscriptionMetadata', request.subscriptionMetadata) },
  }
  if (request.clientReferenceId !== undefined) params.client_reference_id = request.clientReferenceId
  if (request.customerId !== undefined) params.customer = request.customerId
  if (request.customerEmail !== undefined) params.customer_email = request.customerEmail

  let session: Stripe.Checkout.Session
  try {
    session = await client.checkout.sessions.create(params, request.idempotencyKey === undefined ? undefined : { idempotencyKey: request.idempotencyKey })
  }
  catch (error) {
    throw toStripeRequestError('subscription checkout create', error)
  }
  if (typeof session.url !== 'string') {
    throw new TypeError(`Stripe checkout session ${session.id} has no hosted page url`)
  }
  return { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) }
}

function lineItem(request: PriceChoice): Stripe.Checkout.SessionCreateParams.LineItem {
  if (request.priceId !== undefined) {
    requireId('priceId', request.priceId, 'price_')
    return { price: request.priceId, quantity: 1 }
  }
  const price = request.priceData
  if (typeof price !== 'object' || price === null) {
    throw new TypeError('createStripeSubscriptionCheckout needs priceData or priceId')
  }
  if (typeof price.currency !== 'string' || !/^[a-z]{3}$/i.test(price.currency)) {
    throw new RangeError('createStripeSubscriptionCheckout needs a three-letter ISO 4217 currency')
  }
  if (!Number.isSafeInteger(price.unitAmountMinor) || price.unitAmountMinor <= 0) {
    throw new RangeError('createStripeSubscriptionCheckout needs a positive whole unitAmountMinor')
  }
  if (!Object.hasOwn(MAX_INTERVAL_COUNT, price.interval)) {
    throw new RangeError('createStripeSubscriptionCheckout interval must be day, week, month or year')
  }
  const intervalCount = price.intervalCount ?? 1
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1 || intervalCount > MAX_INTERVAL_COUNT[price.interval]) {
    throw new RangeError(`createStripeSubscriptionCheckout intervalCount must be a whole number from 1 to ${MAX_INTERVAL_COUNT[price.interval]} for ${price.interval}`)
  }
  requireText('productName', price.productName, 250)
  return {
    price_data: {
      currency: price.currency.toLowerCase(),
      unit_amount: price.unitAmountMinor,
      recurring: { interval: price.interval, interval_count: intervalCount },
      product_data: { name: price.productName },
    },
    quantity: 1,
  }
}

export interface StripePortalSessionRequest {
  /** cus_… whose subscriptions the portal shows. */
  customerId: string
  /** Where the portal's "Return" link goes. */
  returnUrl: string
}

/**
 * A customer-portal session, where the customer manages (and cancels) their subscriptions. Its
 * url is short-lived: create one per click, never store it.
 */
export async function createStripePortalSession(client: Stripe, request: StripePortalSessionRequest): Promise<{ url: string }> {
  requireId('customerId', request.customerId, 'cus_')
  requireText('returnUrl', request.returnUrl, 5000)
  let session: Stripe.BillingPortal.Session
  try {
    session = await client.billingPortal.sessions.create({ customer: request.customerId, return_url: request.returnUrl })
  }
  catch (error) {
    throw toStripeRequestError('billing portal session create', error)
  }
  return { url: session.url }
}

/** The current state of a subscription, e.g. to reconcile after missed webhooks. */
export async function retrieveStripeSubscription(client: Stripe, subscriptionId: string): Promise<StripeSubscriptionState> {
  requireId('subscriptionId', subscriptionId, 'sub_')
  let subscription: Stripe.Subscription
  try {
    subscription = await client.subscriptions.retrieve(subscriptionId)
  }
  catch (error) {
    throw toStripeRequestError('subscription retrieve', error)
  }
  return stateOf(subscription)
}

export interface StripeCancelSubscriptionOptions {
  /** true: keep it until the paid period ends (cancel_at_period_end); false: end it now (DELETE). */
  atPeriodEnd: boolean
  /** Only used for the at-period-end update (a POST); cancelling now is idempotent by nature. */
  idempotencyKey?: string
}

/**
 * Cancels a subscription now (Stripe sends customer.subscription.deleted) or at the end of the
 * paid period (customer.subscription.updated now, .deleted when the period ends).
 */
export async function cancelStripeSubscription(client: Stripe, subscriptionId: string, options: StripeCancelSubscriptionOptions): Promise<StripeSubscriptionState> {
  requireId('subscriptionId', subscriptionId, 'sub_')
  if (typeof options?.atPeriodEnd !== 'boolean') throw new TypeError('cancelStripeSubscription needs atPeriodEnd: true or false')
  if (options.idempotencyKey !== undefined) requireText('idempotencyKey', options.idempotencyKey, 255)
  let subscription: Stripe.Subscription
  try {
    subscription = options.atPeriodEnd
      ? await client.subscriptions.update(subscriptionId, { cancel_at_period_end: true }, options.idempotencyKey === undefined ? undefined : { idempotencyKey: options.idempotencyKey })
      : await client.subscriptions.cancel(subscriptionId)
  }
  catch (error) {
    throw toStripeRequestError('subscription cancel', error)
  }
  return stateOf(subscription)
}

function stateOf(subscription: Stripe.Subscription): StripeSubscriptionState {
  const state = subscriptionStateFrom(subscription as unknown as Record<string, unknown>)
  if (state === null) throw new TypeError('Stripe answered with a subscription without id or status')
  return state
}

function requireText(name: string, value: unknown, maxLength: number): void {
  if (typeof value !== 'string' || value === '' || value.length > maxLength) {
    throw new TypeError(`Stripe: ${name} must be a non-empty string of at most ${maxLength} characters`)
  }
}

function requireId(name: string, value: unknown, prefix: string): void {
  if (typeof value !== 'string' || !value.startsWith(prefix) || value.length > 255 || /[\s/]/.test(value)) {
    throw new TypeError(`Stripe: ${name} must be a Stripe id starting with ${prefix}`)
  }
}

/** Stripe's limits: 50 keys of up to 40 characters, string values of up to 500. */
function requireMetadata(name: string, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Stripe: ${name} must be an object of strings`)
  }
  const entries = Object.entries(value)
  if (entries.length > 50 || entries.some(([key, entry]) => key === '' || key.length > 40 || key.includes('[') || key.includes(']') || typeof entry !== 'string' || entry.length > 500)) {
    throw new TypeError(`Stripe: ${name} allows up to 50 keys of 1–40 characters (no brackets) with string values of up to 500`)
  }
  return Object.fromEntries(entries) as Record<string, string>
}

/**
 * The subscription a verified event is about, read back from Stripe rather than trusted from
 * the event, so a late or out-of-order delivery never undoes a newer state; null for an event
 * about no subscription. Throws StripeRequestError like retrieveStripeSubscription.
 */
export async function subscriptionOfEvent(client: Stripe, event: VerifiedStripeEvent): Promise<StripeSubscriptionState | null> {
  const summary = subscriptionFromStripeEvent(event)
  return summary ? await retrieveStripeSubscription(client, summary.subscriptionId) : null
}
