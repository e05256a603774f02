import { and, eq, sql } from 'drizzle-orm'
import { createPayPalOrder } from '@flectar/paypal'
import { REDSYS_CURRENCY, REDSYS_ENDPOINTS, redsysOrderNumber, signRedsysRequest, type RedsysEnvironment } from '@flectar/redsys'
import { createStripeCheckout } from '@flectar/stripe'
import { paymentEvents, paymentProviderSettings, payments, type Db, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import type { KeyRing } from '@flectar/security'
import { payPalClientFor, stripeClientFor } from './provider-clients'
import { loadProviderCredentials, type ProviderCredentials } from './provider-settings'
import { PAYMENT_PROVIDERS, type OnlinePaymentProvider, type PaymentProviderName } from './schemas'

/*
 * Starting a payment for a booking: the payment row, then the provider's checkout (a Stripe
 * Checkout Session, a PayPal order, a signed Redsys form), then the row's checkout id. The
 * provider is called outside any transaction (it may take seconds); what it answers is written
 * with the payment's history in one. A provider that fails leaves a `failed` payment and the
 * booking's hold, which the visitor may try again on or let expire.
 */

export type BookingPaymentProvider = PaymentProviderName

/** Where the providers are: their own hosts unless a local fake stands in (tests, development). */
export interface ProviderEndpoints {
  stripeApiUrl?: string
  paypalApiUrl?: string
  /** An origin standing in for Redsys' sis / sis-t host (both the redirect and the REST API). */
  redsysUrl?: string
}

export interface CheckoutUrls {
  /** The admin app's origin: the webhooks are its routes. */
  adminUrl: string
  /** Where the visitor comes back to, paid or not (the booking's manage page). */
  returnUrl: string
}

export interface PaymentRedirect {
  url: string
  method: 'GET' | 'POST'
  /** The form fields to POST (Redsys). */
  fields?: Record<string, string>
}

/** The `payment` of a booking's 201: what the visitor pays, until when, and where. */
export interface StartedPayment {
  id: string
  provider: BookingPaymentProvider
  amount: { amount: number, currency: string }
  expiresAt: string | null
  /** Absent for payment at the venue. */
  redirect?: PaymentRedirect
}

export interface PayableBooking {
  id: string
  orgId: string
  projectId: string
  /** What is due online: the deposit, or the full price when the service asks for it all. */
  depositAmount: number
  currency: string
  serviceName: string
  holdExpiresAt: Date | null
}

/** The providers a visitor of this project may choose: the connected and enabled ones, and the venue when on. */
export async function offeredPaymentProviders(db: DbOrTx, projectId: string): Promise<BookingPaymentProvider[]> {
  const rows = await db.select({ provider: paymentProviderSettings.provider }).from(paymentProviderSettings)
    .where(and(eq(paymentProviderSettings.projectId, projectId), eq(paymentProviderSettings.enabled, true)))
  const enabled = new Set(rows.map(row => row.provider))
  return PAYMENT_PROVIDERS.filter(provider => enabled.has(provider))
}

/** A 422 on `payment.provider` unless the project offers it: checked before the booking is made. */
export async function requireOfferedProvider(db: DbOrTx, projectId: string, provider: BookingPaymentProvider | undefined): Promise<BookingPaymentProvider> {
  const offered = await offeredPaymentProviders(db, projectId)
  if (offered.length === 0) throw new InvalidInputError({ 'payment.provider': 'This site takes no payments online yet. Please contact the business to book.' })
  if (!provider) throw new InvalidInputError({ 'payment.provider': `Choose how to pay: ${offered.join(', ')}.` })
  if (!offered.includes(provider)) throw new InvalidInputError({ 'payment.provider': `This site does not take payments by ${provider}. Choose one of: ${offered.join(', ')}.` })
  return provider
}

export interface StartPaymentOptions {
  keyRing: KeyRing
  urls: CheckoutUrls
  endpoints?: ProviderEndpoints
  customerEmail?: string | null
  now?: Date
}

/** Starts the payment of `booking` with `provider`. Throws `PaymentStartError` when the provider could not be reached. */
export async function startBookingPayment(db: Db, booking: PayableBooking, provider: BookingPaymentProvider, options: StartPaymentOptions): Promise<StartedPayment> {
  const now = options.now ?? new Date()
  const [payment] = await db.insert(payments).values({
    orgId: booking.orgId, projectId: booking.projectId, bookingId: booking.id, provider,
    amountMinor: booking.depositAmount, currency: booking.currency.toUpperCase(), expiresAt: booking.holdExpiresAt,
  }).returning()
  const amount = { amount: payment!.amountMinor, currency: payment!.currency }
  if (provider === 'on_site') {
    await markCheckoutStarted(db, payment!.id, `onsite_${payment!.id}`, {})
    return { id: payment!.id, provider, amount, expiresAt: null }
  }
  const credentials = await loadProviderCredentials(db, options.keyRing, booking.projectId, provider)
  if (!credentials?.enabled) throw new InvalidInputError({ 'payment.provider': `This site does not take payments by ${provider}.` })
  let started: { checkoutId: string, redirect: PaymentRedirect, expiresAt: Date | null }
  try {
    started = await CHECKOUTS[provider]({ payment: payment!, booking, credentials, options, now })
  }
  catch (error) {
    await db.transaction(async (tx) => {
      await tx.update(payments).set({ status: 'failed', updatedAt: sql`now()` }).where(eq(payments.id, payment!.id))
      await tx.insert(paymentEvents).values({ paymentId: payment!.id, fromStatus: 'created', toStatus: 'failed', event: 'failed', source: 'checkout', details: { reason: 'provider_unreachable' } })
    })
    throw new PaymentStartError(provider, error)
  }
  await markCheckoutStarted(db, payment!.id, started.checkoutId, { expiresAt: started.expiresAt })
  return { id: payment!.id, provider, amount, expiresAt: (started.expiresAt ?? booking.holdExpiresAt)?.toISOString() ?? null, redirect: started.redirect }
}

/** The provider did not start the checkout. The cause is kept for the log; the message names no secret. */
export class PaymentStartError extends Error {
  constructor(readonly provider: BookingPaymentProvider, cause: unknown) {
    super(`The ${provider} checkout could not be started`, { cause })
    this.name = 'PaymentStartError'
  }
}

async function markCheckoutStarted(db: Db, paymentId: string, checkoutId: string, change: { expiresAt?: Date | null }) {
  await db.transaction(async (tx) => {
    await tx.update(payments).set({ status: 'pending', checkoutId, ...(change.expiresAt ? { expiresAt: change.expiresAt } : {}), updatedAt: sql`now()` }).where(eq(payments.id, paymentId))
    await tx.insert(paymentEvents).values({ paymentId, fromStatus: 'created', toStatus: 'pending', event: 'checkout_started', source: 'checkout', details: { checkoutId } })
  })
}

interface CheckoutInput {
  payment: typeof payments.$inferSelect
  booking: PayableBooking
  credentials: ProviderCredentials
  options: StartPaymentOptions
  now: Date
}

type CheckoutStarter = (input: CheckoutInput) => Promise<{ checkoutId: string, redirect: PaymentRedirect, expiresAt: Date | null }>

/** The webhook route of `provider` for this project, on the admin app. */
export function webhookUrl(adminUrl: string, provider: OnlinePaymentProvider, projectId: string): string {
  return `${adminUrl.replace(/\/$/, '')}/api/webhooks/${provider}/${projectId}`
}

function withResult(returnUrl: string, result: string): string {
  const url = new URL(returnUrl)
  url.searchParams.set('payment', result)
  return url.toString()
}

const CHECKOUTS: Record<OnlinePaymentProvider, CheckoutStarter> = {
  async stripe({ payment, booking, credentials, options, now }) {
    const client = stripeClientFor(credentials, options.endpoints)
    const checkout = await createStripeCheckout(client, {
      bookingId: booking.id, paymentId: payment.id, amountMinor: payment.amountMinor, currency: payment.currency,
      description: booking.serviceName, successUrl: withResult(options.urls.returnUrl, 'return'), cancelUrl: withResult(options.urls.returnUrl, 'cancelled'),
      expiresAt: booking.holdExpiresAt ?? new Date(now.getTime() + 15 * 60_000), customerEmail: options.customerEmail ?? undefined,
      idempotencyKey: `checkout:${payment.id}`, now,
    })
    return { checkoutId: checkout.sessionId, redirect: { url: checkout.url, method: 'GET' }, expiresAt: null }
  },
  async paypal({ payment, booking, credentials, options }) {
    const client = payPalClientFor(credentials, options.endpoints)
    const order = await createPayPalOrder(client, {
      paymentId: payment.id, bookingId: booking.id, amountMinor: payment.amountMinor, currency: payment.currency, description: booking.serviceName,
      returnUrl: withResult(options.urls.returnUrl, 'return'), cancelUrl: withResult(options.urls.returnUrl, 'cancelled'), requestId: `checkout-${payment.id}`,
    })
    return { checkoutId: order.orderId, redirect: { url: order.approveUrl, method: 'GET' }, expiresAt: null }
  },
  async redsys({ payment, booking, credentials, options, now }) {
    const currency = REDSYS_CURRENCY[payment.currency as keyof typeof REDSYS_CURRENCY]
    if (!currency) throw new InvalidInputError({ 'payment.provider': `Redsys does not take payments in ${payment.currency}.` })
    const environment = credentials.config.environment as RedsysEnvironment
    const order = redsysOrderNumber(now)
    const params: Record<string, string> = {
      DS_MERCHANT_AMOUNT: String(payment.amountMinor),
      DS_MERCHANT_CURRENCY: currency,
      DS_MERCHANT_MERCHANTCODE: String(credentials.config.merchantCode),
      DS_MERCHANT_TERMINAL: String(credentials.config.terminal),
      DS_MERCHANT_ORDER: order,
      DS_MERCHANT_TRANSACTIONTYPE: '0',
      DS_MERCHANT_PRODUCTDESCRIPTION: Array.from(booking.serviceName).slice(0, 125).join(''),
      DS_MERCHANT_MERCHANTURL: webhookUrl(options.urls.adminUrl, 'redsys', booking.projectId),
      DS_MERCHANT_URLOK: withResult(options.urls.returnUrl, 'return'),
      DS_MERCHANT_URLKO: withResult(options.urls.returnUrl, 'failed'),
    }
    const fields = signRedsysRequest(credentials.secrets.secretKey!, params)
    const url = options.endpoints?.redsysUrl ? `${options.endpoints.redsysUrl.replace(/\/$/, '')}/sis/realizarPago` : REDSYS_ENDPOINTS[environment].redirect
    return { checkoutId: order, redirect: { url, method: 'POST', fields: { ...fields } }, expiresAt: null }
  },
}
