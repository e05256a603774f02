import { and, asc, desc, eq, gte, ilike, lt, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { bookingResources, bookings, customers, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { auditProjectChange, type ProjectScope } from '@flectar/sites'
import { instantSchema, lineSchema } from './input-fields'
import type { updateCustomerSchema } from './schemas'

export const listBookingsQuerySchema = z.object({
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  status: z.enum(['pending', 'pending_payment', 'confirmed', 'cancelled', 'rejected', 'completed', 'no_show']).optional(),
  resourceId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  q: lineSchema(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type ListBookingsQuery = z.infer<typeof listBookingsQuerySchema>

/** The public API's listing (`GET /api/v1/projects/{slug}/bookings`): a time range is required. */
export const apiBookingsQuerySchema = listBookingsQuerySchema.pick({ status: true }).extend({ from: instantSchema, to: instantSchema })

/** Bookings of a project with their customer, for the admin calendar and list. */
export async function listBookings(db: DbOrTx, scope: ProjectScope, query: ListBookingsQuery) {
  const search = query.q ? `%${query.q.replace(/[%_\\]/g, match => `\\${match}`)}%` : undefined
  return db.select({
    id: bookings.id, status: bookings.status, startsAt: bookings.startsAt, endsAt: bookings.endsAt, resourceId: bookings.resourceId,
    resourceName: bookingResources.name, serviceId: bookings.serviceId, serviceName: bookings.serviceName, source: bookings.source,
    priceAmount: bookings.priceAmount, discountAmount: bookings.discountAmount, currency: bookings.currency, timeZone: bookings.timeZone,
    customerId: bookings.customerId, customerName: customers.name, customerEmail: customers.email, customerPhone: customers.phone,
    cancelReason: bookings.cancelReason, createdAt: bookings.createdAt,
  }).from(bookings)
    .innerJoin(bookingResources, eq(bookingResources.id, bookings.resourceId))
    .leftJoin(customers, eq(customers.id, bookings.customerId))
    .where(and(
      eq(bookings.orgId, scope.orgId), eq(bookings.projectId, scope.projectId),
      query.from ? gte(bookings.endsAt, new Date(query.from)) : undefined,
      query.to ? lt(bookings.startsAt, new Date(query.to)) : undefined,
      query.status ? eq(bookings.status, query.status) : undefined,
      query.resourceId ? eq(bookings.resourceId, query.resourceId) : undefined,
      query.serviceId ? eq(bookings.serviceId, query.serviceId) : undefined,
      search ? or(ilike(customers.name, search), ilike(customers.email, search), ilike(customers.phone, search), ilike(bookings.serviceName, search)) : undefined,
    ))
    .orderBy(asc(bookings.startsAt))
    .limit(query.limit)
}

/** One booking with everything staff may see about it. */
export async function getBooking(db: DbOrTx, scope: ProjectScope, bookingId: string) {
  const [row] = await db.select({ booking: bookings, customer: customers, resourceName: bookingResources.name }).from(bookings)
    .innerJoin(bookingResources, eq(bookingResources.id, bookings.resourceId))
    .leftJoin(customers, eq(customers.id, bookings.customerId))
    .where(and(eq(bookings.id, bookingId), eq(bookings.orgId, scope.orgId), eq(bookings.projectId, scope.projectId)))
  if (!row) throw new NotFoundError('Booking not found.')
  return { ...row.booking, resourceName: row.resourceName, customer: row.customer }
}

export const listCustomersQuerySchema = z.object({ q: lineSchema(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })

/** Customers with how often they booked and when they last came. */
export async function listCustomers(db: DbOrTx, scope: ProjectScope, query: z.infer<typeof listCustomersQuerySchema>) {
  const search = query.q ? `%${query.q.replace(/[%_\\]/g, match => `\\${match}`)}%` : undefined
  // Qualified by hand: in a select list Drizzle writes `customers.id` as a bare "id", which the
  // subquery would read as its own b.id.
  const customerId = sql`${customers}.${sql.identifier('id')}`
  return db.select({
    id: customers.id, name: customers.name, email: customers.email, phone: customers.phone, createdAt: customers.createdAt,
    bookingCount: sql<number>`(select count(*)::int from ${bookings} b where b.customer_id = ${customerId})`,
    lastBookingAt: sql<string | null>`(select max(b.starts_at) from ${bookings} b where b.customer_id = ${customerId})`.mapWith(value => value === null ? null : new Date(value as string).toISOString()),
  }).from(customers)
    .where(and(eq(customers.orgId, scope.orgId), eq(customers.projectId, scope.projectId),
      search ? or(ilike(customers.name, search), ilike(customers.email, search), ilike(customers.phone, search)) : undefined))
    .orderBy(asc(customers.name))
    .limit(query.limit)
}

/** A customer and their booking history, newest first. */
export async function getCustomer(db: DbOrTx, scope: ProjectScope, customerId: string) {
  const [customer] = await db.select().from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.orgId, scope.orgId), eq(customers.projectId, scope.projectId)))
  if (!customer) throw new NotFoundError('Customer not found.')
  const history = await db.select({
    id: bookings.id, status: bookings.status, startsAt: bookings.startsAt, endsAt: bookings.endsAt, serviceName: bookings.serviceName,
    resourceName: bookingResources.name, priceAmount: bookings.priceAmount, discountAmount: bookings.discountAmount, currency: bookings.currency,
  }).from(bookings).innerJoin(bookingResources, eq(bookingResources.id, bookings.resourceId))
    .where(and(eq(bookings.customerId, customer.id), eq(bookings.projectId, scope.projectId)))
    .orderBy(desc(bookings.startsAt))
  return { ...customer, bookings: history }
}

/** Staff change a customer's name or notes (audited `customer.updated`, with the fields, not their values). */
export async function updateCustomer(db: DbOrTx, scope: ProjectScope, customerId: string, input: z.infer<typeof updateCustomerSchema>, actor: Actor) {
  return await db.transaction(async (tx) => {
    const [updated] = await tx.update(customers).set({ ...input, updatedAt: new Date() })
      .where(and(eq(customers.id, customerId), eq(customers.orgId, scope.orgId), eq(customers.projectId, scope.projectId))).returning()
    if (!updated) throw new NotFoundError('Customer not found.')
    await auditProjectChange(tx, actor, scope, { action: 'customer.updated', targetType: 'customer', targetId: updated.id, metadata: { fields: Object.keys(input) } })
    return updated
  })
}
