import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm'
import { z } from 'zod'
import { bookings, customers, paymentEvents, payments, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import type { ProjectScope } from '@flectar/sites'
import { dateOrDateTime } from '@flectar/validation'
import { PAYMENT_STATUSES, type PaymentStatus } from './payment-lifecycle'
import { PAYMENT_PROVIDERS, type PaymentProviderName } from './schemas'

/*
 * What the admin reads of a project's payments: the list with its filters, and one payment's
 * history. Read-only; every query filters by the scope's org and project, so another tenant's
 * payment is simply not found.
 */

/** The list's query string: `from` inclusive, `to` exclusive, on when the payment was created. */
export const listPaymentsQuerySchema = z.object({
  status: z.enum(PAYMENT_STATUSES, `must be one of ${PAYMENT_STATUSES.join(', ')}`).optional(),
  provider: z.enum(PAYMENT_PROVIDERS, `must be one of ${PAYMENT_PROVIDERS.join(', ')}`).optional(),
  bookingId: z.uuid('must be a booking id').optional(),
  from: dateOrDateTime({ message: 'must be a date like 2026-12-24 or a date-time like 2026-12-24T10:00:00Z' }).optional(),
  to: dateOrDateTime({ message: 'must be a date like 2026-12-24 or a date-time like 2026-12-24T10:00:00Z' }).optional(),
  page: z.coerce.number('must be a page number').int('must be a whole number').min(1, 'must be 1 or more').default(1),
  pageSize: z.coerce.number('must be a number').int('must be a whole number').min(1, 'must be 1 or more').max(100, 'must be at most 100').default(25),
})
export type ListPaymentsQuery = z.infer<typeof listPaymentsQuerySchema>

interface Amount { amount: number, currency: string }

export interface PaymentListItem {
  id: string
  bookingId: string
  provider: PaymentProviderName
  status: PaymentStatus
  /** What was asked (a deposit or the full price). */
  amount: Amount
  paid: Amount
  refunded: Amount
  createdAt: Date
  updatedAt: Date
  serviceName: string
  startsAt: Date
  /** Null once the customer record is gone (anonymised): the payment stays (P25). */
  customerName: string | null
}

export interface PaymentTimelineEntry {
  id: number
  fromStatus: PaymentStatus
  toStatus: PaymentStatus
  /** The lifecycle event: paid, refunded, dispute_opened, … */
  event: string
  /** webhook, reconciliation, expiry or admin. */
  source: string
  /** Ids and amounts only (P19). */
  details: Record<string, unknown>
  createdAt: Date
}

export interface PaymentTimeline extends PaymentListItem {
  checkoutId: string | null
  providerPaymentId: string | null
  disputeId: string | null
  expiresAt: Date | null
  events: PaymentTimelineEntry[]
}

const listColumns = {
  id: payments.id, bookingId: payments.bookingId, provider: payments.provider, status: payments.status,
  amountMinor: payments.amountMinor, paidMinor: payments.paidMinor, refundedMinor: payments.refundedMinor, currency: payments.currency,
  createdAt: payments.createdAt, updatedAt: payments.updatedAt,
  serviceName: bookings.serviceName, startsAt: bookings.startsAt, customerName: customers.name,
}

type ListRow = Omit<PaymentListItem, 'provider' | 'status' | 'amount' | 'paid' | 'refunded'>
  & { provider: string, status: string, amountMinor: number, paidMinor: number, refundedMinor: number, currency: string }

function toListItem({ amountMinor, paidMinor, refundedMinor, currency, provider, status, ...rest }: ListRow): PaymentListItem {
  return {
    ...rest,
    // Written only through the lifecycle and the provider settings, which keep to these lists.
    provider: provider as PaymentProviderName,
    status: status as PaymentStatus,
    amount: { amount: amountMinor, currency },
    paid: { amount: paidMinor, currency },
    refunded: { amount: refundedMinor, currency },
  }
}

const inScope = (scope: ProjectScope) => and(eq(payments.orgId, scope.orgId), eq(payments.projectId, scope.projectId))

/** A page of the project's payments, newest first, with the booking they belong to and the total matching. */
export async function listPayments(db: DbOrTx, scope: ProjectScope, query: ListPaymentsQuery): Promise<{ data: PaymentListItem[], total: number }> {
  const where = and(
    inScope(scope),
    query.status ? eq(payments.status, query.status) : undefined,
    query.provider ? eq(payments.provider, query.provider) : undefined,
    query.bookingId ? eq(payments.bookingId, query.bookingId) : undefined,
    query.from ? gte(payments.createdAt, query.from) : undefined,
    query.to ? lt(payments.createdAt, query.to) : undefined,
  )
  const [counted] = await db.select({ total: sql<number>`count(*)::int` }).from(payments).where(where)
  const rows = await db.select(listColumns).from(payments)
    .innerJoin(bookings, eq(bookings.id, payments.bookingId))
    .leftJoin(customers, eq(customers.id, bookings.customerId))
    .where(where)
    // The id breaks ties between payments created in the same instant, so pages never overlap.
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
  return { data: rows.map(toListItem), total: counted!.total }
}

/** One payment of the project and its status history, oldest change first; 404 outside the scope. */
export async function getPaymentTimeline(db: DbOrTx, scope: ProjectScope, paymentId: string): Promise<PaymentTimeline> {
  const [row] = await db.select({
    ...listColumns, checkoutId: payments.checkoutId, providerPaymentId: payments.providerPaymentId, disputeId: payments.disputeId, expiresAt: payments.expiresAt,
  }).from(payments)
    .innerJoin(bookings, eq(bookings.id, payments.bookingId))
    .leftJoin(customers, eq(customers.id, bookings.customerId))
    .where(and(eq(payments.id, paymentId), inScope(scope)))
  if (!row) throw new NotFoundError('There is no such payment.', 'payment_not_found')
  const { checkoutId, providerPaymentId, disputeId, expiresAt, ...listed } = row
  const events = await db.select({
    id: paymentEvents.id, fromStatus: paymentEvents.fromStatus, toStatus: paymentEvents.toStatus, event: paymentEvents.event,
    source: paymentEvents.source, details: paymentEvents.details, createdAt: paymentEvents.createdAt,
  }).from(paymentEvents).where(eq(paymentEvents.paymentId, row.id)).orderBy(asc(paymentEvents.createdAt), asc(paymentEvents.id))
  return {
    ...toListItem(listed), checkoutId, providerPaymentId, disputeId, expiresAt,
    events: events.map(entry => ({ ...entry, fromStatus: entry.fromStatus as PaymentStatus, toStatus: entry.toStatus as PaymentStatus })),
  }
}
