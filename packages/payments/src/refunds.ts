import { and, eq, sql } from 'drizzle-orm'
import { PayPalApiError, refundPayPalCapture } from '@flectar/paypal'
import { REDSYS_CURRENCY, REDSYS_ENDPOINTS, redsysRefund, type RedsysEnvironment } from '@flectar/redsys'
import { refundStripePayment, StripeRequestError } from '@flectar/stripe'
import { paymentRefunds, payments, type Db, type DbOrTx } from '@flectar/db'
import type { KeyRing } from '@flectar/security'
import type { ProviderEndpoints } from './checkout'
import { payPalClientFor, stripeClientFor } from './provider-clients'
import { loadProviderCredentials, type ProviderCredentials } from './provider-settings'
import type { OnlinePaymentProvider } from './schemas'
import { applyEventToPayment, type PaymentHooks } from './webhook-inbox'

/*
 * Refunds are decided in a transaction (the owner's, or the lifecycle's) and sent by a job: a
 * provider that is down delays a refund and never loses it. Each carries a unique idempotency key
 * that is also sent to the provider, so one decided twice is asked for once and made once.
 */

export type RefundRow = typeof paymentRefunds.$inferSelect

export interface RefundRequest {
  paymentId: string
  providerPaymentId: string
  amountMinor: number
  currency: string
  reason: string
  note?: string
  idempotencyKey: string
}

/** Records a refund to send. The same key twice is one refund: `created` is false the second time. */
export async function requestRefund(tx: DbOrTx, request: RefundRequest): Promise<{ refund: RefundRow, created: boolean }> {
  const [created] = await tx.insert(paymentRefunds).values({ ...request, note: request.note ?? '' })
    .onConflictDoNothing({ target: paymentRefunds.idempotencyKey }).returning()
  if (created) return { refund: created, created: true }
  const [existing] = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.idempotencyKey, request.idempotencyKey))
  return { refund: existing!, created: false }
}

export interface SendRefundsOptions {
  keyRing: KeyRing
  endpoints?: ProviderEndpoints
  hooks: PaymentHooks
  limit?: number
}

/** What one provider said to a refund: done (with its id), refused for good, or not reached (tried again). */
type RefundAnswer = { outcome: 'succeeded', providerRefundId: string } | { outcome: 'failed', error: string } | { outcome: 'retry', error: string }

const MAX_ATTEMPTS = 10

/**
 * Sends requested refunds, each claimed with SKIP LOCKED so two workers never send one at the
 * same time. A refund of the payment's own charge then counts in its refunded total (the
 * provider's webhook, when it comes, finds it counted); a refund of a duplicate charge leaves
 * the payment as it is. Returns how many were sent successfully.
 */
export async function sendRequestedRefunds(db: Db, options: SendRefundsOptions): Promise<number> {
  const due = await db.select({ id: paymentRefunds.id }).from(paymentRefunds)
    .where(eq(paymentRefunds.status, 'requested')).orderBy(paymentRefunds.createdAt).limit(options.limit ?? 20)
  let succeeded = 0
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [refund] = await tx.select().from(paymentRefunds).where(and(eq(paymentRefunds.id, id), eq(paymentRefunds.status, 'requested'))).for('update', { skipLocked: true })
      if (!refund) return false
      const [payment] = await tx.select().from(payments).where(eq(payments.id, refund.paymentId))
      const provider = payment!.provider as OnlinePaymentProvider
      const credentials = await loadProviderCredentials(tx, options.keyRing, payment!.projectId, provider)
      const answer: RefundAnswer = credentials
        ? await sendRefund(provider, credentials, refund, options.endpoints)
        : { outcome: 'failed', error: 'The provider is no longer connected.' }
      const attempts = refund.attempts + 1
      const status = answer.outcome === 'retry' ? (attempts >= MAX_ATTEMPTS ? 'failed' : 'requested') : answer.outcome
      await tx.update(paymentRefunds).set({
        status, attempts, updatedAt: sql`now()`,
        providerRefundId: answer.outcome === 'succeeded' ? answer.providerRefundId : null,
        lastError: answer.outcome === 'succeeded' ? null : answer.error,
      }).where(eq(paymentRefunds.id, refund.id))
      if (answer.outcome !== 'succeeded' || refund.providerPaymentId !== payment!.providerPaymentId) return answer.outcome === 'succeeded'
      const [total] = await tx.select({ sum: sql<number>`coalesce(sum(${paymentRefunds.amountMinor}), 0)::int` }).from(paymentRefunds)
        .where(and(eq(paymentRefunds.paymentId, payment!.id), eq(paymentRefunds.providerPaymentId, refund.providerPaymentId), eq(paymentRefunds.status, 'succeeded')))
      await applyEventToPayment(tx, payment!.id, { type: 'refunded', totalRefundedMinor: Math.min(total!.sum, payment!.paidMinor) }, { type: 'admin' }, options.hooks)
      return true
    })
    if (done) succeeded++
  }
  return succeeded
}

async function sendRefund(provider: OnlinePaymentProvider, credentials: ProviderCredentials, refund: RefundRow, endpoints: ProviderEndpoints | undefined): Promise<RefundAnswer> {
  try {
    switch (provider) {
      case 'stripe': {
        const client = stripeClientFor(credentials, endpoints)
        const answer = await refundStripePayment(client, { paymentIntentId: refund.providerPaymentId, amountMinor: refund.amountMinor, idempotencyKey: refund.idempotencyKey, reason: refund.reason === 'duplicate' ? 'duplicate' : 'requested_by_customer' })
        return answer.status === 'failed' || answer.status === 'canceled' ? { outcome: 'failed', error: `Stripe answered ${answer.status}` } : { outcome: 'succeeded', providerRefundId: answer.refundId }
      }
      case 'paypal': {
        const client = payPalClientFor(credentials, endpoints)
        const answer = await refundPayPalCapture(client, { captureId: refund.providerPaymentId, amountMinor: refund.amountMinor, currency: refund.currency, requestId: refund.idempotencyKey.slice(0, 100), note: refund.note || undefined })
        return answer.status === 'FAILED' || answer.status === 'CANCELLED' ? { outcome: 'failed', error: `PayPal answered ${answer.status}` } : { outcome: 'succeeded', providerRefundId: answer.refundId }
      }
      case 'redsys': {
        const environment = credentials.config.environment as RedsysEnvironment
        const answer = await redsysRefund({
          baseUrl: endpoints?.redsysUrl ?? new URL(REDSYS_ENDPOINTS[environment].rest).origin,
          merchantKeyBase64: credentials.secrets.secretKey!, merchantCode: String(credentials.config.merchantCode), terminal: String(credentials.config.terminal),
          order: refund.providerPaymentId, amountMinor: refund.amountMinor, currencyNumeric: REDSYS_CURRENCY[refund.currency as keyof typeof REDSYS_CURRENCY],
        })
        if (answer.ok) return { outcome: 'succeeded', providerRefundId: `${refund.providerPaymentId}:${answer.response}` }
        return { outcome: 'failed', error: `Redsys answered ${answer.errorCode ?? answer.response}` }
      }
    }
  }
  catch (error) {
    return { outcome: refusedForGood(error) ? 'failed' : 'retry', error: describe(error) }
  }
}

/** A 4xx from the provider (more than is left, an unknown charge) will not change by asking again. */
function refusedForGood(error: unknown): boolean {
  if (error instanceof StripeRequestError) return error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 409 && error.statusCode !== 429
  if (error instanceof PayPalApiError) return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429
  return false
}

/** The provider packages' errors name no secret; anything else is reduced to its kind. */
function describe(error: unknown): string {
  if (error instanceof StripeRequestError || error instanceof PayPalApiError) return error.message.slice(0, 500)
  return error instanceof Error ? error.name : 'unknown error'
}
