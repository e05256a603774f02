import { and, count, eq, gt, inArray, sql } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { auditEvents, bookings, customers, customerSubscriptions, invoices, type DbOrTx } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, type ProjectScope } from '@flectar/sites'
import { HOLD_EXPIRED_REASON } from './expire-holds'

/**
 * Why a deleted customer's invoices stay. Generic on purpose (the business may not be in
 * Spain), but true where Flectar Base invoices under VeriFactu: the Reglamento de facturación
 * keeps invoices for the tax law's 4-year limitation period, the Código de Comercio keeps
 * accounting records for 6.
 */
export const INVOICE_RETENTION_NOTE = 'Invoices must be kept for the period tax law requires (in Spain, at least 4 years; 6 for accounting records).'

/** The note shown before and after deleting a customer who has invoices; null when they have none. */
export function legalHoldNote(keptInvoices: number): string | null {
  if (keptInvoices === 0) return null
  const documents = keptInvoices === 1 ? 'Their invoice stays' : `Their ${keptInvoices} invoices stay`
  return `${documents}, as the law requires, with the name and details printed on them. ${INVOICE_RETENTION_NOTE}`
}

export interface DeleteCustomerResult {
  deleted: true
  /** Their invoices and credit notes (any status): never purged with the customer (P25, P26). */
  keptInvoices: number
  legalHold: string | null
}

// A booking that still holds a slot for them: deleting the customer would leave it with no one to tell.
const ACTIVE_STATUSES = ['pending', 'pending_payment', 'confirmed'] as const
// Stripe statuses of a subscription that may still charge them.
const LIVE_SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'unpaid', 'incomplete']

const ofCustomer = (scope: ProjectScope, customerId: string) =>
  and(eq(customers.id, customerId), eq(customers.orgId, scope.orgId), eq(customers.projectId, scope.projectId))

/** How many invoices and credit notes name this customer: what a deletion keeps. */
export async function countCustomerInvoices(db: DbOrTx, scope: ProjectScope, customerId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(invoices)
    .where(and(eq(invoices.customerId, customerId), eq(invoices.orgId, scope.orgId), eq(invoices.projectId, scope.projectId)))
  return row!.n
}

/**
 * An erasure request (P24): deletes the customer (name, email, phone, notes) and the personal
 * data in their bookings (answers, staff notes, a cancellation reason). The bookings stay,
 * unnamed, for the calendar's history and the payments tied to them (P19, P25); their
 * uploaded files are no longer named by any answer, so `purgeUnusedBookingFiles` deletes
 * them on its next daily run. Invoices and credit notes are not touched: they keep their
 * frozen copy of the customer (legal retention) and only lose the link.
 * Refused (409) while a booking of theirs is still to come, or a subscription may still
 * charge them. Audited `customer.deleted` with counts and ids, never the person's details.
 */
export async function deleteCustomer(db: DbOrTx, scope: ProjectScope, customerId: string, actor: Actor, now = new Date()): Promise<DeleteCustomerResult> {
  return await db.transaction(async (tx) => {
    // Locked: a booking being taken for them meanwhile waits, then finds no customer to update.
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(ofCustomer(scope, customerId)).for('update')
    if (!customer) throw new NotFoundError('Customer not found.')

    const upcoming = await tx.select({ id: bookings.id }).from(bookings)
      .where(and(eq(bookings.customerId, customer.id), eq(bookings.projectId, scope.projectId), inArray(bookings.status, [...ACTIVE_STATUSES]), gt(bookings.endsAt, now)))
    if (upcoming.length > 0) {
      throw new ConflictError(
        `This customer has ${upcoming.length === 1 ? 'an upcoming booking' : `${upcoming.length} upcoming bookings`}. Cancel ${upcoming.length === 1 ? 'it' : 'them'} first, then delete the customer.`,
        'customer_has_upcoming_bookings',
        { bookingIds: upcoming.map(booking => booking.id) },
      )
    }
    const [subscription] = await tx.select({ id: customerSubscriptions.id }).from(customerSubscriptions)
      .where(and(eq(customerSubscriptions.customerId, customer.id), eq(customerSubscriptions.projectId, scope.projectId), inArray(customerSubscriptions.status, LIVE_SUBSCRIPTION_STATUSES)))
      .limit(1)
    if (subscription) throw new ConflictError('This customer has a subscription that is still running. Cancel it first, then delete the customer.', 'customer_has_subscription')

    const erased = await tx.update(bookings).set({
      answers: [],
      notes: '',
      // The hold-expired marker is the platform's, not theirs: a late payment still needs it to find the booking.
      cancelReason: sql`case when ${bookings.cancelReason} = ${HOLD_EXPIRED_REASON} then ${bookings.cancelReason} else null end`,
      updatedAt: now,
    }).where(and(eq(bookings.customerId, customer.id), eq(bookings.projectId, scope.projectId))).returning({ id: bookings.id })
    const kept = await tx.select({ id: invoices.id }).from(invoices)
      .where(and(eq(invoices.customerId, customer.id), eq(invoices.orgId, scope.orgId), eq(invoices.projectId, scope.projectId)))
    // Bookings, invoices and subscriptions keep their rows; the foreign keys set their link to null.
    await tx.delete(customers).where(eq(customers.id, customer.id))
    await auditProjectChange(tx, actor, scope, {
      action: 'customer.deleted',
      targetType: 'customer',
      targetId: customer.id,
      // The invoice ids let an invoice say when its customer went (`customerDeletionOfInvoice`).
      metadata: { erasedBookings: erased.length, keptInvoices: kept.length, invoiceIds: kept.map(invoice => invoice.id) },
    })
    return { deleted: true as const, keptInvoices: kept.length, legalHold: legalHoldNote(kept.length) }
  })
}

/** When the customer of this invoice was deleted (the invoice keeps its copy of them), or null. */
export async function customerDeletionOfInvoice(db: DbOrTx, scope: ProjectScope, invoiceId: string): Promise<{ deletedAt: string } | null> {
  const [row] = await db.select({ createdAt: auditEvents.createdAt }).from(auditEvents)
    .where(and(
      eq(auditEvents.orgId, scope.orgId), eq(auditEvents.action, 'customer.deleted'),
      sql`${auditEvents.metadata} @> ${JSON.stringify({ projectId: scope.projectId, invoiceIds: [invoiceId] })}::jsonb`,
    ))
    .limit(1)
  return row ? { deletedAt: row.createdAt.toISOString() } : null
}
