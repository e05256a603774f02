import { and, eq, inArray, lte, ne, sql } from 'drizzle-orm'
import { payments, paymentWebhookInbox, type Db } from '@flectar/db'
import { expireStripeCheckout, StripeRequestError } from '@flectar/stripe'
import { stripeClientFor } from './provider-clients'
import { loadProviderCredentials } from './provider-settings'
import { sendRequestedRefunds, type SendRefundsOptions } from './refunds'
import { applyEventToPayment, applyWebhookDelivery, pendingWebhookDeliveries, type PaymentHooks } from './webhook-inbox'

/*
 * The background work of payments, run every second or so by the jobs: apply stored webhook
 * deliveries, expire payments whose hold ended, send decided refunds. Each step claims its rows
 * (SKIP LOCKED or the payment's lock), so any number of workers may run it at once.
 */

export interface PaymentWorkResult {
  applied: number
  failed: number
  expired: number
  refunded: number
}

/** Gives up on a delivery after this many failed tries (it stays in the inbox with its error). */
const MAX_DELIVERY_ATTEMPTS = 20

export interface DrainOptions {
  /** Deliveries applied at once, each in its own transaction (the worker's pool has 5 connections). */
  concurrency?: number
  /** Deliveries read per round; a full round is followed by another at once, until `budgetMs`. */
  batch?: number
  budgetMs?: number
}

/**
 * Applies every stored delivery not applied yet, a few at a time: each claims its inbox row
 * (SKIP LOCKED) and locks its booking's payments, so deliveries about one booking still apply
 * one after another and the rest in parallel. A burst is worked through in one call rather than
 * one batch a second. One that fails is kept with its error and tried next time.
 */
export async function drainWebhookInbox(db: Db, hooks: PaymentHooks, options: DrainOptions = {}): Promise<{ applied: number, failed: number }> {
  const { concurrency = 3, batch = 100, budgetMs = 5000 } = options
  const began = Date.now()
  let applied = 0
  let failed = 0
  const tried = new Set<number>()
  for (;;) {
    const ids = (await pendingWebhookDeliveries(db, batch)).filter(id => !tried.has(id))
    for (const id of ids) tried.add(id)
    let next = 0
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const inboxId = ids[next++]!
        const outcome = await applyOne(db, hooks, inboxId)
        if (outcome === 'failed') failed++
        else if (outcome !== 'busy') applied++
      }
    }))
    if (ids.length < batch || Date.now() - began > budgetMs) return { applied, failed }
  }
}

async function applyOne(db: Db, hooks: PaymentHooks, inboxId: number): Promise<Awaited<ReturnType<typeof applyWebhookDelivery>> | 'failed'> {
  try {
    return await applyWebhookDelivery(db, inboxId, hooks)
  }
  catch (error) {
    await db.update(paymentWebhookInbox).set({
      attempts: sql`${paymentWebhookInbox.attempts} + 1`,
      lastError: error instanceof Error ? error.message.slice(0, 500) : 'unknown error',
      // Given up on: marked applied with the outcome saying so, so the queue moves on.
      appliedAt: sql`case when ${paymentWebhookInbox.attempts} + 1 >= ${MAX_DELIVERY_ATTEMPTS} then now() else null end`,
      outcome: sql`case when ${paymentWebhookInbox.attempts} + 1 >= ${MAX_DELIVERY_ATTEMPTS} then 'gave_up' else null end`,
    }).where(eq(paymentWebhookInbox.id, inboxId))
    return 'failed'
  }
}

/** Open payments (not paid, not at the venue) whose hold has ended become `expired`, releasing the slot; with `closeAt`, their Stripe Checkout is expired at Stripe too. */
export async function expireOverduePayments(db: Db, hooks: PaymentHooks, now = new Date(), closeAt?: Pick<SendRefundsOptions, 'keyRing' | 'endpoints'>): Promise<number> {
  const overdue = await db.select({ id: payments.id, projectId: payments.projectId, provider: payments.provider, checkoutId: payments.checkoutId }).from(payments).where(and(
    inArray(payments.status, ['created', 'pending', 'failed']),
    ne(payments.provider, 'on_site'),
    lte(payments.expiresAt, now),
  )).limit(200)
  let expired = 0
  for (const payment of overdue) {
    const transition = await db.transaction(tx => applyEventToPayment(tx, payment.id, { type: 'expired' }, { type: 'expiry' }, hooks))
    if (transition.outcome !== 'applied') continue
    expired++
    if (closeAt && payment.provider === 'stripe' && payment.checkoutId) await closeStripeCheckout(db, closeAt, payment.projectId, payment.checkoutId)
  }
  return expired
}

/**
 * Expires the Stripe Checkout of a payment whose hold ended, so the visitor cannot pay for a slot
 * that is no longer held. Best effort: if Stripe cannot be reached the session ends at its own
 * expires_at (at least 30 minutes after it opened), and a payment made meanwhile is a late payment.
 */
async function closeStripeCheckout(db: Db, options: Pick<SendRefundsOptions, 'keyRing' | 'endpoints'>, projectId: string, sessionId: string) {
  const credentials = await loadProviderCredentials(db, options.keyRing, projectId, 'stripe')
  if (!credentials?.secrets.secretKey) return
  await expireStripeCheckout(stripeClientFor(credentials, options.endpoints), sessionId).catch((error: unknown) => {
    if (!(error instanceof StripeRequestError)) throw error
  })
}

/** One round of everything: what the jobs call on their timer. */
export async function runPaymentWork(db: Db, options: SendRefundsOptions & { now?: Date }): Promise<PaymentWorkResult> {
  const inbox = await drainWebhookInbox(db, options.hooks)
  const expired = await expireOverduePayments(db, options.hooks, options.now, options)
  const refunded = await sendRequestedRefunds(db, options)
  return { ...inbox, expired, refunded }
}
