import { and, eq, isNull, or, sql } from 'drizzle-orm'
import { paymentEvents, payments, paymentWebhookInbox, type Db, type DbOrTx } from '@flectar/db'
import { applyPaymentEvent, type PaymentEffect, type PaymentEvent, type PaymentState, type PaymentStatus, type PaymentTransition } from './payment-lifecycle'

/*
 * Webhooks, exactly once. A delivery whose signature the route checked is stored once by
 * (provider, event id) and acknowledged; a job applies it later in one transaction. Whatever
 * the provider repeats (retries, replays, two deliveries at once) finds the row already there,
 * and whatever reports the same payment by another route (its other events, the reconciliation
 * job) waits on the payment's row lock and then finds the change made: the lifecycle answers
 * `unchanged`. So every payment changes once per real change.
 */

export type PaymentProvider = 'stripe' | 'paypal' | 'redsys'
type PaymentRow = typeof payments.$inferSelect

/** A verified delivery, reduced to what is kept (P19): the lifecycle event and the checkout it is about. */
export interface WebhookDelivery {
  provider: PaymentProvider
  /** The provider's own id of this event (Stripe's evt_…, PayPal's WH-…, Redsys' order + type + response). */
  eventId: string
  projectId: string
  /** The checkout (payments.checkoutId), or for refunds and disputes the money received (providerPaymentId). */
  checkoutId: string
  event: PaymentEvent
}

/** Stores a delivery unless it was stored before. `duplicate` when it was: nothing else to do. */
export async function recordWebhookDelivery(db: DbOrTx, delivery: WebhookDelivery): Promise<{ inboxId: number, duplicate: boolean }> {
  const [stored] = await db.insert(paymentWebhookInbox)
    .values({ provider: delivery.provider, eventId: delivery.eventId, projectId: delivery.projectId, checkoutId: delivery.checkoutId, event: delivery.event })
    .onConflictDoNothing({ target: [paymentWebhookInbox.provider, paymentWebhookInbox.eventId] })
    .returning({ id: paymentWebhookInbox.id })
  if (stored) return { inboxId: stored.id, duplicate: false }
  const [existing] = await db.select({ id: paymentWebhookInbox.id }).from(paymentWebhookInbox)
    .where(and(eq(paymentWebhookInbox.provider, delivery.provider), eq(paymentWebhookInbox.eventId, delivery.eventId)))
  return { inboxId: existing!.id, duplicate: true }
}

/** What the payments package asks of the booking side, inside the same transaction. */
export interface PaymentHooks {
  /** Whether the booking's slot is still free for it, read in the payment's transaction (asked only once its hold expired). */
  slotStillFree: (tx: DbOrTx, bookingId: string) => Promise<boolean>
  /** Carries out a change's effects: confirm or release the booking, enqueue refunds and messages. */
  onEffects: (tx: DbOrTx, payment: PaymentRow, effects: PaymentEffect[]) => Promise<void>
}

export type PaymentChangeSource = { type: 'webhook', inboxId: number } | { type: 'reconciliation' | 'expiry' | 'admin' }

const RECEIVED_STATUSES: PaymentStatus[] = ['paid', 'partially_refunded', 'refunded', 'disputed', 'dispute_won', 'dispute_lost']

/**
 * Applies one event to a payment, in the caller's transaction: locks the payments of its
 * booking, asks the lifecycle, writes the new state, the history row and the effects.
 */
export async function applyEventToPayment(tx: DbOrTx, paymentId: string, event: PaymentEvent, source: PaymentChangeSource, hooks: PaymentHooks): Promise<PaymentTransition> {
  // Every payment of the booking, locked in id order: two payments of one booking are decided one
  // after the other (one confirms, the other is refunded), and the bookings table stays the
  // bookings package's own.
  const locked = await tx.select().from(payments)
    .where(eq(payments.bookingId, sql`(select booking_id from payments where id = ${paymentId})`))
    .orderBy(payments.id).for('update')
  const payment = locked.find(row => row.id === paymentId)
  if (!payment) throw new Error(`Payment ${paymentId} does not exist`)
  const state = stateOf(payment)
  const context = event.type === 'paid'
    ? {
        bookingAlreadyPaid: locked.some(other => other.id !== payment.id && RECEIVED_STATUSES.includes(other.status as PaymentStatus)),
        slotStillFree: state.status === 'expired' ? await hooks.slotStillFree(tx, payment.bookingId) : true,
      }
    : undefined
  const transition = applyPaymentEvent(state, event, context)
  if (transition.outcome !== 'applied') return transition
  const next = transition.state
  if (next !== state) {
    await tx.update(payments).set({
      status: next.status,
      providerPaymentId: next.providerPaymentId,
      paidMinor: next.paidMinor,
      refundedMinor: next.refundedMinor,
      disputeId: next.disputeId,
      updatedAt: sql`now()`,
    }).where(eq(payments.id, payment.id))
  }
  await tx.insert(paymentEvents).values({
    paymentId: payment.id,
    fromStatus: transition.from,
    toStatus: next.status,
    event: event.type,
    source: source.type,
    inboxId: source.type === 'webhook' ? source.inboxId : null,
    details: { ...eventDetails(event), effects: transition.effects.map(effect => effect.type) },
  })
  await hooks.onEffects(tx, { ...payment, ...next }, transition.effects)
  return transition
}

export type InboxOutcome = 'applied' | 'unchanged' | 'ignored' | 'no_payment' | 'already_applied' | 'busy'

/**
 * Applies one stored delivery, in one transaction. `busy` when another worker holds it (it
 * applies it); `already_applied` when it was done before. A delivery for a checkout this
 * project has no payment for is marked `no_payment` and kept, for the record.
 */
export async function applyWebhookDelivery(db: Db, inboxId: number, hooks: PaymentHooks): Promise<InboxOutcome> {
  return await db.transaction(async (tx) => {
    const [entry] = await tx.select().from(paymentWebhookInbox).where(eq(paymentWebhookInbox.id, inboxId)).for('update', { skipLocked: true })
    if (!entry) return 'busy'
    if (entry.appliedAt) return 'already_applied'
    const [payment] = await tx.select({ id: payments.id }).from(payments).where(and(
      eq(payments.projectId, entry.projectId),
      eq(payments.provider, entry.provider),
      // Refunds and disputes name the money received, not the checkout.
      or(eq(payments.checkoutId, entry.checkoutId), eq(payments.providerPaymentId, entry.checkoutId)),
    )).limit(1)
    let outcome: InboxOutcome = 'no_payment'
    let reason: string | null = null
    if (payment) {
      const transition = await applyEventToPayment(tx, payment.id, entry.event as PaymentEvent, { type: 'webhook', inboxId: entry.id }, hooks)
      outcome = transition.outcome
      if (transition.outcome === 'ignored') reason = transition.reason
    }
    await tx.update(paymentWebhookInbox)
      .set({ appliedAt: sql`now()`, outcome: reason ? `ignored: ${reason}` : outcome, attempts: sql`${paymentWebhookInbox.attempts} + 1`, lastError: null })
      .where(eq(paymentWebhookInbox.id, entry.id))
    return outcome
  })
}

/** Stored deliveries not applied yet, oldest first: what the job works through. */
export async function pendingWebhookDeliveries(db: DbOrTx, limit = 100): Promise<number[]> {
  const rows = await db.select({ id: paymentWebhookInbox.id }).from(paymentWebhookInbox)
    .where(isNull(paymentWebhookInbox.appliedAt)).orderBy(paymentWebhookInbox.receivedAt, paymentWebhookInbox.id).limit(limit)
  return rows.map(row => row.id)
}

function stateOf(payment: PaymentRow): PaymentState {
  return {
    status: payment.status as PaymentStatus,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    providerPaymentId: payment.providerPaymentId,
    paidMinor: payment.paidMinor,
    refundedMinor: payment.refundedMinor,
    disputeId: payment.disputeId,
  }
}

/** The ids and amounts of an event, for the history (P19: nothing else). */
function eventDetails(event: PaymentEvent): Record<string, unknown> {
  switch (event.type) {
    case 'paid': return { providerPaymentId: event.providerPaymentId, amountMinor: event.amountMinor, currency: event.currency }
    case 'failed': return { reason: event.reason }
    case 'refunded': return { totalRefundedMinor: event.totalRefundedMinor }
    case 'dispute_opened': return { disputeId: event.disputeId }
    case 'dispute_closed': return { disputeId: event.disputeId, outcome: event.outcome }
    default: return {}
  }
}
