import { and, count, countDistinct, eq, isNull, sql } from 'drizzle-orm'
import { bookings, outboxMessages, paymentEvents, payments, paymentWebhookInbox, type Db } from '@flectar/db'
import type { DeliveryAnswer } from './payments-deliveries'

export interface CheckResult {
  label: string
  pass: boolean
  figures: string[]
}

const POLL_MS = 100

/**
 * Polls until every payment of the project is paid and no stored delivery waits, or
 * `timeoutMs` passes; resolves with whether it got there.
 */
export async function waitUntilApplied(db: Db, projectId: string, expected: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const [paid] = await db.select({ n: count() }).from(payments).where(and(eq(payments.projectId, projectId), eq(payments.status, 'paid')))
    const [waiting] = await db.select({ n: count() }).from(paymentWebhookInbox).where(and(eq(paymentWebhookInbox.projectId, projectId), isNull(paymentWebhookInbox.appliedAt)))
    if (paid!.n === expected && waiting!.n === 0) return true
    if (Date.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
}

/** What the issue asks: every delivery acknowledged, one inbox row and one change per payment, every booking confirmed. */
export async function checkExactlyOnce(db: Db, projectId: string, answers: DeliveryAnswer[], payments_: number, duplicates: number): Promise<CheckResult[]> {
  const not200 = answers.filter(answer => answer.status !== 200)
  const statuses = [...new Set(not200.map(answer => answer.error ?? String(answer.status)))].slice(0, 5).join(', ')
  const flaggedDuplicate = answers.filter(answer => answer.duplicate).length

  const [inbox] = await db.select({ rows: count(), applied: sql<number>`count(*) filter (where ${paymentWebhookInbox.outcome} = 'applied')`.mapWith(Number) })
    .from(paymentWebhookInbox).where(eq(paymentWebhookInbox.projectId, projectId))
  const [events] = await db.select({
    all: count(),
    paid: sql<number>`count(*) filter (where ${paymentEvents.toStatus} = 'paid')`.mapWith(Number),
    paidPayments: countDistinct(sql`case when ${paymentEvents.toStatus} = 'paid' then ${paymentEvents.paymentId} end`),
    asExpected: sql<number>`count(*) filter (where ${paymentEvents.fromStatus} = 'pending' and ${paymentEvents.event} = 'paid' and ${paymentEvents.source} = 'webhook' and ${paymentEvents.inboxId} is not null)`.mapWith(Number),
  }).from(paymentEvents).innerJoin(payments, eq(payments.id, paymentEvents.paymentId)).where(eq(payments.projectId, projectId))
  const [byStatus] = await db.select({
    paid: sql<number>`count(*) filter (where ${payments.status} = 'paid')`.mapWith(Number),
    all: count(),
  }).from(payments).where(eq(payments.projectId, projectId))
  const [booked] = await db.select({
    confirmed: sql<number>`count(*) filter (where ${bookings.status} = 'confirmed')`.mapWith(Number),
    all: count(),
  }).from(bookings).where(eq(bookings.projectId, projectId))

  return [
    {
      label: `every delivery answered 200 (${answers.length})`,
      pass: not200.length === 0 && answers.length === payments_ + duplicates,
      figures: [`${answers.length - not200.length} × 200, ${not200.length} other${statuses ? ` (${statuses})` : ''}; ${flaggedDuplicate} answered as duplicates (${duplicates} sent)`],
    },
    {
      label: `one inbox row per payment (${payments_})`,
      pass: inbox!.rows === payments_ && inbox!.applied === payments_,
      figures: [`${inbox!.rows} rows, ${inbox!.applied} applied`],
    },
    {
      label: `exactly one pending → paid change per payment (${payments_}), none doubled`,
      pass: events!.all === payments_ && events!.paid === payments_ && events!.paidPayments === payments_ && events!.asExpected === payments_,
      figures: [`${events!.paid} paid events over ${events!.paidPayments} payments, ${events!.all} events in all, ${events!.asExpected} pending → paid by webhook with their inbox row`],
    },
    {
      label: 'every booking confirmed',
      pass: booked!.confirmed === payments_ && booked!.all === payments_,
      figures: [`${booked!.confirmed} of ${booked!.all}`],
    },
    {
      label: 'every payment paid',
      pass: byStatus!.paid === payments_ && byStatus!.all === payments_,
      figures: [`${byStatus!.paid} of ${byStatus!.all}`],
    },
  ]
}

/**
 * A confirmation emails the customer and each owner in the payment's transaction, so a doubled
 * change would show as a doubled email: each kind of message once per payment, each customer once.
 */
export async function checkEmailsOnce(db: Db, projectId: string, payments_: number): Promise<CheckResult> {
  const kinds = await db.select({ template: outboxMessages.template, n: count(), recipients: countDistinct(outboxMessages.to) })
    .from(outboxMessages).where(eq(outboxMessages.projectId, projectId)).groupBy(outboxMessages.template).orderBy(outboxMessages.template)
  const customer = kinds.find(kind => kind.recipients > 1)
  return {
    label: 'one email of each kind per confirmed booking, none doubled',
    pass: kinds.length > 0 && kinds.every(kind => kind.n === payments_) && customer?.recipients === payments_,
    figures: [kinds.map(kind => `${kind.template}: ${kind.n} to ${kind.recipients} address(es)`).join('; ') || 'no email enqueued'],
  }
}

/**
 * Milliseconds from each payment's stored delivery to its change, on the database's clock:
 * the inbox row's `received_at` (the route's insert) to the event's `created_at`, which is the
 * worker transaction's start (`now()`), so the commit comes a few milliseconds later. Also the
 * seconds from the first change to the last: the worker's own pace once the burst is in.
 */
export async function deliveryToApplied(db: Db, projectId: string): Promise<{ lagsMs: number[], applyingSeconds: number }> {
  const rows = await db.select({
    ms: sql<number>`extract(epoch from ${paymentEvents.createdAt} - ${paymentWebhookInbox.receivedAt}) * 1000`.mapWith(Number),
    at: sql<number>`extract(epoch from ${paymentEvents.createdAt})`.mapWith(Number),
  })
    .from(paymentEvents)
    .innerJoin(paymentWebhookInbox, eq(paymentWebhookInbox.id, paymentEvents.inboxId))
    .where(and(eq(paymentWebhookInbox.projectId, projectId), eq(paymentEvents.toStatus, 'paid')))
  const instants = rows.map(row => row.at)
  return { lagsMs: rows.map(row => row.ms), applyingSeconds: rows.length > 0 ? Math.max(...instants) - Math.min(...instants) : 0 }
}
