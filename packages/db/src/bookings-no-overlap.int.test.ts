import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from './client'
import { bookingResources, bookings, organizations, projects } from './schema'
import { createTestDatabase } from './testing'

const ACTIVE = ['pending', 'pending_payment', 'confirmed'] as const
const at = (iso: string) => new Date(iso)

describe('no double booking, enforced by PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let wide: ReturnType<typeof createDb>
  let base: { orgId: string, projectId: string, resourceId: string }

  beforeAll(async () => {
    database = await createTestDatabase()
    // Racing inserts of different ranges deadlock on each other's exclusion checks, and each
    // deadlock waits deadlock_timeout (1 s) to be found: on a busy 2-core machine that added up
    // to over 30 s. Find them sooner here, where the role may (a superuser); else keep the default.
    await database.sql.unsafe(`alter database "${new URL(database.url).pathname.slice(1)}" set deadlock_timeout = '50ms'`).catch(() => {})
    // A pool wide enough that the inserts really race each other.
    wide = createDb(database.url, { max: 40 })
    const [org] = await database.db.insert(organizations).values({ name: 'Clinic', slug: 'clinic-race' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Clinic', slug: 'clinic-race' }).returning()
    const [resource] = await database.db.insert(bookingResources).values({ orgId: org!.id, projectId: project!.id, name: 'Dr. Ruiz', timeZone: 'Europe/Madrid' }).returning()
    base = { orgId: org!.id, projectId: project!.id, resourceId: resource!.id }
  })
  afterAll(async () => {
    await wide.close()
    await database.drop()
  })

  function attempt(start: string, end: string, buffers = { before: 0, after: 0 }, seat = 0) {
    const startsAt = at(start)
    const endsAt = at(end)
    const blocked = { start: new Date(startsAt.getTime() - buffers.before * 60_000), end: new Date(endsAt.getTime() + buffers.after * 60_000) }
    return wide.db.insert(bookings).values({ ...base, startsAt, endsAt, blocked, seat, status: 'confirmed' }).returning({ id: bookings.id })
      .then(() => 'created' as const, (error: { code?: string, cause?: { code?: string } }) => {
        const code = error.code ?? error.cause?.code
        if (code === '23P01') return 'conflict' as const
        // Two inserts that each wait on the other's exclusion check can deadlock; PostgreSQL
        // aborts one of them, which is a refusal too (the booking service serialises per
        // resource so its users never see this).
        if (code === '40P01') return 'deadlock' as const
        throw error
      })
  }

  async function activeOverlaps() {
    const rows = await database.db.select().from(bookings).where(and(eq(bookings.resourceId, base.resourceId), inArray(bookings.status, [...ACTIVE])))
    let overlaps = 0
    for (const a of rows) {
      for (const b of rows) {
        if (a.id < b.id && a.seat === b.seat && a.blocked.start < b.blocked.end && b.blocked.start < a.blocked.end) overlaps++
      }
    }
    return overlaps
  }

  it('lets exactly one of 200 concurrent bookings of one slot through', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => attempt('2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z')))
    expect(results.filter(result => result === 'created')).toHaveLength(1)
    expect(results.filter(result => result === 'conflict')).toHaveLength(199)
    expect(await activeOverlaps()).toBe(0)
  })

  // Without the booking service's per-resource lock, racing inserts of different ranges
  // deadlock on each other's exclusion checks and wait out deadlock_timeout: keep it to 40.
  it('also for overlapping slots of different durations and with buffers', { timeout: 90_000 }, async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, index) => {
      const minutes = [15, 30, 45, 60, 90][index % 5]!
      const start = new Date(Date.UTC(2026, 11, 2, 10, (index % 4) * 15))
      return attempt(start.toISOString(), new Date(start.getTime() + minutes * 60_000).toISOString(), { before: 5, after: 10 })
    }))
    expect(results.filter(result => result === 'created').length).toBeGreaterThanOrEqual(1)
    expect(await activeOverlaps()).toBe(0)
    // Back-to-back bookings whose buffers would overlap are refused too.
    expect(await attempt('2026-12-03T09:00:00Z', '2026-12-03T09:30:00Z', { before: 0, after: 10 })).toBe('created')
    expect(await attempt('2026-12-03T09:35:00Z', '2026-12-03T10:00:00Z')).toBe('conflict')
    expect(await attempt('2026-12-03T09:40:00Z', '2026-12-03T10:00:00Z')).toBe('created')
  })

  it('frees the slot when a booking is cancelled, and lets another seat of the resource take it', async () => {
    const [first] = await database.db.select().from(bookings).where(eq(bookings.startsAt, at('2026-12-01T09:00:00Z')))
    expect(await attempt('2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z', undefined, 1)).toBe('created')
    await database.db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, first!.id))
    expect(await attempt('2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z')).toBe('created')
    expect(await activeOverlaps()).toBe(0)
  })

  it('refuses a booking that ends before it starts or whose blocked range does not cover it', async () => {
    await expect(wide.db.insert(bookings).values({ ...base, startsAt: at('2026-12-05T10:00:00Z'), endsAt: at('2026-12-05T09:00:00Z'), blocked: { start: at('2026-12-05T09:00:00Z'), end: at('2026-12-05T10:00:00Z') } }))
      .rejects.toThrow()
  })
})
