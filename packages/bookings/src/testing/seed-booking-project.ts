import { and, eq, inArray, sql } from 'drizzle-orm'
import {
  bookingCoupons, bookingExtras, bookingRequirements, bookingResources, bookings, bookingServiceResources, bookingServices,
  customers, memberships, organizations, outboxMessages, projects, users, type Db, type WeeklyHour,
} from '@flectar/db'
import { AppError } from '@flectar/errors'
import type { BookingEnv } from '../booking-env'

// Shared set-up of the bookings integration tests: rows are inserted directly, since the
// configuration CRUD layer is written separately. Every test makes its own resources and
// services, so tests never share a slot.

/** Monday to Friday, 09:00–13:00 and 15:00–19:00 (a lunch break). */
export const WEEKDAY_HOURS: WeeklyHour[] = [1, 2, 3, 4, 5].flatMap(weekday => [
  { weekday, start: '09:00', end: '13:00' },
  { weekday, start: '15:00', end: '19:00' },
])

/** The clock of every test: Tuesday 1 December 2026, 09:00 in Madrid. Bookings are after it. */
export const NOW = new Date('2026-12-01T08:00:00Z')
export const SECRET = 'test-manage-secret-0123456789abcdef'

type ServiceValues = Partial<typeof bookingServices.$inferInsert>
type ResourceValues = Partial<typeof bookingResources.$inferInsert>

export async function seedBookingProject(db: Db, slug: string) {
  const [org] = await db.insert(organizations).values({ name: `Clinic ${slug}`, slug }).returning()
  const [owner, editor] = await db.insert(users).values([
    { email: `owner@${slug}.example`, name: 'Olga Owner' },
    { email: `editor@${slug}.example`, name: 'Eddie Editor' },
  ]).returning()
  await db.insert(memberships).values([
    { orgId: org!.id, userId: owner!.id, role: 'owner' },
    { orgId: org!.id, userId: editor!.id, role: 'editor' },
  ])
  const [row] = await db.insert(projects).values({ orgId: org!.id, name: `Clinic ${slug}`, slug, timeZone: 'Europe/Madrid', modules: ['bookings'] }).returning()
  const project = row!
  const scope = { orgId: org!.id, projectId: project.id }
  const env: BookingEnv = { siteOrigin: `https://${slug}.example`, secret: SECRET, adminUrl: `https://admin.example/projects/${slug}/bookings`, now: NOW }

  async function addResource(values: ResourceValues = {}) {
    const [resource] = await db.insert(bookingResources).values({ ...scope, name: 'Dr. Ruiz', timeZone: 'Europe/Madrid', weeklyHours: WEEKDAY_HOURS, ...values }).returning()
    return resource!
  }

  /** A service (30 min, 30.00 EUR, a slot every 15 min by default) on the given resources, or on a new one. */
  async function addService(values: ServiceValues = {}, resourceIds?: string[]) {
    const ids = resourceIds ?? [(await addResource()).id]
    const [service] = await db.insert(bookingServices).values({
      ...scope, name: 'Consultation', durationMinutes: 30, priceAmount: 3000, currency: 'EUR', slotIntervalMinutes: 15, ...values,
    }).returning()
    await db.insert(bookingServiceResources).values(ids.map(resourceId => ({ serviceId: service!.id, resourceId, projectId: project.id })))
    return { service: service!, resourceIds: ids }
  }

  async function addExtra(values: Partial<typeof bookingExtras.$inferInsert> = {}) {
    const [extra] = await db.insert(bookingExtras).values({ ...scope, name: 'Extra', ...values }).returning()
    return extra!
  }

  async function addRequirement(values: Partial<typeof bookingRequirements.$inferInsert> & Pick<typeof bookingRequirements.$inferInsert, 'kind'>) {
    const [requirement] = await db.insert(bookingRequirements).values({ ...scope, label: 'Question', ...values }).returning()
    return requirement!
  }

  async function addCoupon(values: Partial<typeof bookingCoupons.$inferInsert> & Pick<typeof bookingCoupons.$inferInsert, 'code' | 'kind' | 'amount'>) {
    const [coupon] = await db.insert(bookingCoupons).values({ ...scope, ...values }).returning()
    return coupon!
  }

  /** Bookings, customers and queued messages of this project: what a refused request must not change. */
  async function counts() {
    const count = async (table: typeof bookings | typeof customers | typeof outboxMessages) => {
      const [result] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.projectId, project.id))
      return result!.n
    }
    return { bookings: await count(bookings), customers: await count(customers), outbox: await count(outboxMessages) }
  }

  return { org: org!, owner: owner!, editor: editor!, project, scope, env, addResource, addService, addExtra, addRequirement, addCoupon, counts }
}

export type BookingProject = Awaited<ReturnType<typeof seedBookingProject>>

/** A public booking request, valid unless a field is overridden. */
export function bookingRequest(serviceId: string, start: string, overrides: Record<string, unknown> = {}) {
  return {
    serviceId,
    start,
    timeZone: 'Europe/Madrid',
    customer: { name: 'Ana García', email: 'ana@example.com' },
    ...overrides,
  }
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(value => ({ value }), (error: unknown) => ({ error }))
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`)
  if (!(outcome.error instanceof AppError)) throw outcome.error
  return outcome.error
}

/** Pairs of active bookings of one resource whose blocked ranges overlap, whatever their seats (for one-to-one services). */
export async function activeOverlaps(db: Db, resourceIds: string[]) {
  const rows = await db.select().from(bookings)
    .where(and(inArray(bookings.resourceId, resourceIds), inArray(bookings.status, ['pending', 'pending_payment', 'confirmed'])))
  const overlaps: Array<[string, string]> = []
  for (const a of rows) {
    for (const b of rows) {
      if (a.id < b.id && a.resourceId === b.resourceId && a.blocked.start < b.blocked.end && b.blocked.start < a.blocked.end) overlaps.push([a.id, b.id])
    }
  }
  return overlaps
}

/** Messages queued for this project, oldest first. */
export function outboxOf(db: Db, projectId: string) {
  return db.select().from(outboxMessages).where(eq(outboxMessages.projectId, projectId)).orderBy(outboxMessages.createdAt)
}
