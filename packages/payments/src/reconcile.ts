import { and, gte, inArray, isNotNull, lte, or, sql } from 'drizzle-orm'
import { findStripeCheckout, StripeRequestError } from '@flectar/stripe'
import { payments, type Db } from '@flectar/db'
import type { KeyRing } from '@flectar/security'
import { captureReturnedPayPalOrder } from './booking-payment-status'
import type { ProviderEndpoints } from './checkout'
import { stripeClientFor } from './provider-clients'
import { loadProviderCredentials } from './provider-settings'
import { recordWebhookDelivery } from './webhook-inbox'

/*
 * A lost webhook must not lose a payment. Every minute the jobs ask Stripe and PayPal about
 * their payments still waiting (and those that expired in the last day, which a late payment may
 * have settled), and store what the provider says in the inbox as a delivery of its own: the
 * job that applies webhooks applies it once, and if the webhook also comes, whichever is second
 * finds the change made. Redsys has no status call in this integration (its notification is
 * awaited before the visitor is sent back, and a failed one is retried by the bank), so its
 * payments are settled by their notification alone.
 */

export interface ReconcileOptions {
  keyRing: KeyRing
  endpoints?: ProviderEndpoints
  /** Leave a checkout alone for this long: its webhook is likely on its way. Default 2 minutes. */
  quietMs?: number
  now?: Date
  limit?: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Asks the providers about waiting payments. Returns how many deliveries it stored. */
export async function reconcilePendingPayments(db: Db, options: ReconcileOptions): Promise<number> {
  const now = options.now ?? new Date()
  const quietSince = new Date(now.getTime() - (options.quietMs ?? 2 * 60_000))
  const waiting = await db.select().from(payments).where(and(
    inArray(payments.provider, ['stripe', 'paypal']),
    isNotNull(payments.checkoutId),
    lte(payments.createdAt, quietSince),
    or(
      inArray(payments.status, ['created', 'pending', 'failed']),
      and(inArray(payments.status, ['expired']), gte(payments.updatedAt, new Date(now.getTime() - DAY_MS))),
    ),
  )).orderBy(sql`${payments.createdAt} desc`).limit(options.limit ?? 50)
  let stored = 0
  for (const payment of waiting) {
    try {
      if (payment.provider === 'paypal') {
        if (await captureReturnedPayPalOrder(db, options.keyRing, payment.projectId, payment.checkoutId!, options.endpoints)) stored++
        continue
      }
      const credentials = await loadProviderCredentials(db, options.keyRing, payment.projectId, 'stripe')
      if (!credentials) continue
      const client = stripeClientFor(credentials, options.endpoints, { maxNetworkRetries: 0 })
      const session = await findStripeCheckout(client, payment.checkoutId!)
      if (session.paymentStatus === 'paid' && session.paymentIntentId && session.amountTotal !== undefined && session.currency) {
        const { duplicate } = await recordWebhookDelivery(db, {
          provider: 'stripe', eventId: `reconcile:${payment.checkoutId}:paid`, projectId: payment.projectId, checkoutId: payment.checkoutId!,
          event: { type: 'paid', providerPaymentId: session.paymentIntentId, amountMinor: session.amountTotal, currency: session.currency.toUpperCase() },
        })
        if (!duplicate) stored++
      }
      else if (session.status === 'expired' && payment.status !== 'expired') {
        const { duplicate } = await recordWebhookDelivery(db, { provider: 'stripe', eventId: `reconcile:${payment.checkoutId}:expired`, projectId: payment.projectId, checkoutId: payment.checkoutId!, event: { type: 'expired' } })
        if (!duplicate) stored++
      }
    }
    catch (error) {
      // A provider that is down, or a checkout it no longer knows: asked again next minute.
      if (!(error instanceof StripeRequestError)) throw error
    }
  }
  return stored
}
