import { and, eq, sql } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { paymentRefunds, payments, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, type ProjectScope } from '@flectar/sites'
import { isRefundable, type PaymentStatus } from './payment-lifecycle'
import { requestRefund, type RefundRow } from './refunds'
import type { PaidAtVenueInput, RefundPaymentInput } from './schemas'
import { applyEventToPayment, type PaymentHooks } from './webhook-inbox'

/*
 * What an owner does to a payment from the admin: refund all or part of it (through the
 * provider, by the refund job; at the venue, recorded at once since the money went back by
 * hand), and mark a payment at the venue as paid (cash or card). Each in one transaction with
 * the payment locked, audited with the amounts and never a provider secret.
 */

async function lockPayment(tx: DbOrTx, scope: ProjectScope, paymentId: string) {
  const [payment] = await tx.select().from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.orgId, scope.orgId), eq(payments.projectId, scope.projectId))).for('update')
  if (!payment) throw new NotFoundError('There is no such payment.', 'payment_not_found')
  return payment
}

/**
 * Asks for a refund of `amount` (default: all that is left). 409 when nothing can be refunded
 * (not paid, already refunded, disputed); 422 when the amount is more than is left once
 * refunds still on their way are counted.
 */
export async function refundPayment(db: Db, scope: ProjectScope, paymentId: string, input: RefundPaymentInput, actor: Actor, hooks: PaymentHooks): Promise<{ refund: RefundRow }> {
  return await db.transaction(async (tx) => {
    const payment = await lockPayment(tx, scope, paymentId)
    const state = { ...payment, status: payment.status as PaymentStatus }
    if (!isRefundable(state) || !payment.providerPaymentId) throw new ConflictError('This payment has nothing left to refund.', 'payment_not_refundable')
    const [pending] = await tx.select({ sum: sql<number>`coalesce(sum(${paymentRefunds.amountMinor}), 0)::int`, count: sql<number>`count(*)::int` }).from(paymentRefunds)
      .where(and(eq(paymentRefunds.paymentId, payment.id), eq(paymentRefunds.providerPaymentId, payment.providerPaymentId), eq(paymentRefunds.status, 'requested')))
    const left = payment.paidMinor - payment.refundedMinor - pending!.sum
    if (left <= 0) throw new ConflictError('A refund of everything left is already on its way.', 'refund_in_progress')
    const amount = input.amount ?? left
    if (amount > left) throw new InvalidInputError({ amount: `must be at most ${left} cents (what is left to refund)` })
    const [all] = await tx.select({ count: sql<number>`count(*)::int` }).from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment.id))
    const { refund } = await requestRefund(tx, {
      paymentId: payment.id, providerPaymentId: payment.providerPaymentId, amountMinor: amount, currency: payment.currency,
      reason: 'requested_by_owner', note: input.reason, idempotencyKey: `refund:owner:${payment.id}:${all!.count + 1}`,
    })
    if (payment.provider === 'on_site') {
      // Given back by hand at the venue: nothing to send, done now.
      await tx.update(paymentRefunds).set({ status: 'succeeded', providerRefundId: `on_site:${refund.id}`, updatedAt: sql`now()` }).where(eq(paymentRefunds.id, refund.id))
      await applyEventToPayment(tx, payment.id, { type: 'refunded', totalRefundedMinor: payment.refundedMinor + amount }, { type: 'admin' }, hooks)
    }
    await auditProjectChange(tx, actor, scope, {
      action: 'payment.refunded', targetType: 'payment', targetId: payment.id,
      metadata: { provider: payment.provider, amountMinor: amount, currency: payment.currency, reason: input.reason },
    })
    const [stored] = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.id, refund.id))
    return { refund: stored! }
  })
}

/** Records that a payment at the venue was paid, by cash or card. 409 unless it is one still due. */
export async function markPaidAtVenue(db: Db, scope: ProjectScope, paymentId: string, input: PaidAtVenueInput, actor: Actor, hooks: PaymentHooks) {
  return await db.transaction(async (tx) => {
    const payment = await lockPayment(tx, scope, paymentId)
    if (payment.provider !== 'on_site') throw new ConflictError('Only a payment at the venue can be marked paid by hand.', 'payment_not_on_site')
    if (payment.status !== 'pending' && payment.status !== 'created') throw new ConflictError('This payment is not due any more.', 'payment_not_due')
    const transition = await applyEventToPayment(tx, payment.id, { type: 'paid', providerPaymentId: `on_site:${input.method}:${payment.id}`, amountMinor: payment.amountMinor, currency: payment.currency }, { type: 'admin' }, hooks)
    await auditProjectChange(tx, actor, scope, {
      action: 'payment.paid_at_venue', targetType: 'payment', targetId: payment.id,
      metadata: { method: input.method, amountMinor: payment.amountMinor, currency: payment.currency },
    })
    return { status: transition.state.status }
  })
}
