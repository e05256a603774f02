import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsEvents, analyticsRollups, analyticsRollupState, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import type { AnalyticsEventRow } from './derive'
import { getDashboard } from './get-dashboard'
import { rollupAnalytics, rollupProject } from './rollups'
import { seedDemoAnalytics } from './seed'

let database: Awaited<ReturnType<typeof createTestDatabase>>
const orgId = randomUUID()
const seeded = randomUUID()
const crafted = randomUUID()
const scope = (projectId: string) => ({ orgId, projectId })

beforeAll(async () => {
  database = await createTestDatabase()
  await database.db.insert(organizations).values({ id: orgId, name: 'Rollups', slug: `rollups-${orgId.slice(0, 8)}` })
  await database.db.insert(projects).values([
    { id: seeded, orgId, name: 'Seeded', slug: `seeded-${orgId.slice(0, 8)}`, timeZone: 'Europe/Madrid', modules: ['analytics'] },
    { id: crafted, orgId, name: 'Crafted', slug: `crafted-${orgId.slice(0, 8)}`, timeZone: 'Europe/Madrid', modules: ['analytics'] },
  ])
})
afterAll(async () => {
  await database?.drop()
})

type Query = Parameters<typeof getDashboard>[2]

/** One filter per dimension, "none" ('') included, as a click on a row of each panel sets them. */
const FILTERS: Array<Partial<Query>> = [
  { path: '/book' }, { referrer: 'google.com' }, { referrer: '' }, { utmSource: 'instagram' }, { utmMedium: 'email' },
  { utmCampaign: 'monthly' }, { device: 'mobile' }, { browser: 'Safari' }, { os: 'iOS' }, { country: 'ES' }, { country: '' }, { language: 'es' },
]

/** The dashboard from rollups (and the tail they do not cover) and from raw events must be equal. */
async function expectSameAsRaw(projectId: string, query: Query, now: Date) {
  const { source, ...fromRollups } = await getDashboard(database.db, scope(projectId), query, now)
  const { source: rawSource, ...fromEvents } = await getDashboard(database.db, scope(projectId), query, now, { source: 'events' })
  expect([source, rawSource]).toEqual(['rollups', 'events'])
  expect(fromRollups, JSON.stringify(query)).toEqual(fromEvents)
  return fromRollups
}

async function storedRows(projectId: string) {
  return await database.db.select().from(analyticsRollups).where(eq(analyticsRollups.projectId, projectId))
    .orderBy(analyticsRollups.filterDimension, analyticsRollups.filterValue, analyticsRollups.lastDay, analyticsRollups.firstDay, analyticsRollups.dimension, analyticsRollups.value)
}

describe('rollups of the seeded demo traffic', () => {
  const now = new Date('2026-07-20T15:00:00Z')

  beforeAll(async () => {
    await seedDemoAnalytics(database.db, seeded, { days: 35, now, sessionsPerDay: 15 })
  })

  it('give the raw-event answers before any rollup, after one, and with events the rollup has not seen yet', async () => {
    const queries: Query[] = [{ range: '30d' }, { range: '7d' }, { range: 'today' }, { range: '90d' }, { range: 'custom', from: '2026-07-01', to: '2026-07-10' }]
    // Nothing rolled up yet: everything is computed from raw events on the fly.
    for (const query of queries) await expectSameAsRaw(seeded, query, now)

    // Rolled up two hours ago: stored rows plus the events since then.
    const [done] = await rollupAnalytics(database.db, { now: new Date(now.getTime() - 2 * 3600_000) })
    expect(done).toMatchObject({ projectId: seeded })
    expect((await storedRows(seeded)).length).toBeGreaterThan(100)
    for (const query of queries) await expectSameAsRaw(seeded, query, now)

    // Rolled up now.
    await rollupAnalytics(database.db, { now })
    for (const query of queries) await expectSameAsRaw(seeded, query, now)
    const dashboard = await expectSameAsRaw(seeded, { range: '30d' }, now)
    for (const filter of FILTERS) {
      const filtered = await expectSameAsRaw(seeded, { range: '30d', ...filter }, now)
      expect(filtered.totals.visitors, JSON.stringify(filter)).toBeGreaterThan(0)
      expect(filtered.totals.visitors).toBeLessThan(dashboard.totals.visitors)
    }
    expect(dashboard.totals.visitors).toBeGreaterThan(200)
    expect(dashboard.goals.map(goal => goal.name).sort()).toEqual(['booking_confirmed', 'booking_started'])
    expect(dashboard.funnel.steps[1]!.sessions).toBeGreaterThan(dashboard.funnel.steps[2]!.sessions)
    expect(dashboard.funnel.steps[2]!.sessions).toBeGreaterThan(0)
  })

  it('give the raw-event answers with one filter set, over every range, with events the rollup has not seen yet', async () => {
    await rollupAnalytics(database.db, { now: new Date(now.getTime() - 2 * 3600_000) })
    const ranges: Query[] = [{ range: '30d' }, { range: '7d' }, { range: 'today' }, { range: 'custom', from: '2026-07-01', to: '2026-07-10' }]
    for (const filter of FILTERS) {
      for (const range of ranges) await expectSameAsRaw(seeded, { ...range, ...filter }, now)
    }
  })

  it('read raw events with several filters, or before the job has made the filter slices', async () => {
    await rollupAnalytics(database.db, { now })
    const twice = await getDashboard(database.db, scope(seeded), { range: '30d', device: 'mobile', country: 'ES' }, now)
    expect(twice.source).toBe('events')
    expect(twice.totals.visitors).toBeGreaterThan(0)
    // Rollups made before the slices existed: filtered dashboards read raw events until a full run.
    await database.db.update(analyticsRollupState).set({ filterSlices: false }).where(eq(analyticsRollupState.projectId, seeded))
    expect((await getDashboard(database.db, scope(seeded), { range: '30d', device: 'mobile' }, now)).source).toBe('events')
    expect((await getDashboard(database.db, scope(seeded), { range: '30d' }, now)).source).toBe('rollups')
    const [done] = await rollupAnalytics(database.db, { now })
    expect(done).toMatchObject({ projectId: seeded })
    await expectSameAsRaw(seeded, { range: '30d', device: 'mobile' }, now)
  })

  it('count events stored after a rollup that occurred long before it (a backfill, a flush delayed by an outage)', async () => {
    await rollupAnalytics(database.db, { now })
    const before = await expectSameAsRaw(seeded, { range: '30d' }, now)
    // A returning visitor's late page view twelve days ago, and more traffic backfilled.
    const [{ id: _id, ...known }] = await database.db.select().from(analyticsEvents).where(eq(analyticsEvents.projectId, seeded)).limit(1) as [typeof analyticsEvents.$inferSelect]
    await database.db.insert(analyticsEvents).values({ ...known, occurredAt: new Date(now.getTime() - 12 * 86_400_000), path: '/late' })
    const backfilled = await seedDemoAnalytics(database.db, seeded, { days: 10, now: new Date(now.getTime() - 5 * 86_400_000), sessionsPerDay: 10, seed: 9 })
    const after = await expectSameAsRaw(seeded, { range: '30d' }, now)
    for (const filter of FILTERS.slice(0, 4)) await expectSameAsRaw(seeded, { range: '30d', ...filter }, now)
    expect(after.totals.pageviews).toBeGreaterThan(before.totals.pageviews)
    expect(after.totals.pageviews).toBeLessThanOrEqual(before.totals.pageviews + backfilled + 1)
    await rollupAnalytics(database.db, { now })
    expect(await expectSameAsRaw(seeded, { range: '30d' }, now)).toEqual(after)
  })

  it('are idempotent, and an incremental run leaves what a full rebuild would', async () => {
    await rollupAnalytics(database.db, { now })
    const incremental = await storedRows(seeded)
    await rollupAnalytics(database.db, { now })
    expect(await storedRows(seeded)).toEqual(incremental)
    await database.db.delete(analyticsRollupState).where(eq(analyticsRollupState.projectId, seeded))
    await database.db.delete(analyticsRollups).where(eq(analyticsRollups.projectId, seeded))
    await rollupAnalytics(database.db, { now })
    expect(await storedRows(seeded)).toEqual(incremental)
  })
})

// A small deterministic generator of awkward traffic (mulberry32).
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Eight days of traffic around the end of summer time in Madrid (25 October 2026) that rollups get wrong
 * unless they are exact: visitors and sessions coming back on later (also non-adjacent) days
 * with the same hash, sessions across local midnight and across several days, sessions of only
 * custom events, sessions shared by two visitors, a confirmation before its start, ties.
 */
function awkwardTraffic(projectId: string): AnalyticsEventRow[] {
  const next = random(42)
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!
  const paths = ['/', '/services', '/book', '/team']
  const sources = [{ referrerHost: null, utmSource: null }, { referrerHost: 'google.com', utmSource: null }, { referrerHost: 'instagram.com', utmSource: 'instagram' }, { referrerHost: null, utmSource: 'newsletter' }]
  const rows: AnalyticsEventRow[] = []
  const visitors = Array.from({ length: 12 }, (_, index) => `v${index}`)
  const start = Date.parse('2026-10-21T00:00:00Z')
  let session = 0
  for (let index = 0; index < 120; index++) {
    const visitor = pick(visitors)
    const sessionHash = next() < 0.15 && session > 0 ? `s${Math.floor(next() * session)}` : `s${session++}`
    const source = pick(sources)
    // Often late in the evening, so sessions run past midnight (22:00–23:00 UTC is midnight in Madrid).
    let at = start + Math.floor(next() * 7) * 86_400_000 + (next() < 0.5 ? 21.5 + next() * 2 : next() * 24) * 3_600_000
    const views = 1 + Math.floor(next() * 4)
    for (let view = 0; view < views; view++) {
      const path = pick(paths)
      const device = next() < 0.5 ? 'mobile' : 'desktop'
      const base = {
        projectId, visitorHash: next() < 0.08 ? pick(visitors) : visitor, sessionHash, path, utmMedium: null, utmCampaign: null, language: 'es',
        device, browser: 'Chrome', os: 'Android', country: next() < 0.2 ? null : 'ES', props: null, ...(view === 0 ? source : { referrerHost: null, utmSource: null }),
      }
      if (next() < 0.9) rows.push({ ...base, occurredAt: new Date(at), name: 'pageview' })
      if (path === '/book' && next() < 0.5) rows.push({ ...base, occurredAt: new Date(at + (next() < 0.2 ? -5_000 : 30_000)), name: 'booking_started' })
      if (path === '/book' && next() < 0.4) rows.push({ ...base, occurredAt: new Date(at + 60_000), name: 'booking_confirmed' })
      if (next() < 0.05) rows.push({ ...base, occurredAt: new Date(at), name: 'newsletter_signup' })
      // Sometimes the tab stays open and the session goes on a day or two later.
      at += next() < 0.1 ? Math.floor(1 + next() * 2) * 86_400_000 : Math.floor(next() * 20) * 60_000
    }
  }
  return rows
}

describe('rollups of awkward traffic', () => {
  const now = new Date('2026-10-30T12:00:00Z')
  // Every local day with traffic (21–28 October), the change of time on the 25th among them.
  const days = Array.from({ length: 8 }, (_, index) => new Date(Date.parse('2026-10-21T12:00:00Z') + index * 86_400_000).toISOString().slice(0, 10))

  beforeAll(async () => {
    const rows = awkwardTraffic(crafted)
    for (let start = 0; start < rows.length; start += 500) await database.db.insert(analyticsEvents).values(rows.slice(start, start + 500))
  })

  it('count every range of days exactly as the raw events do, across midnight and a daylight-saving change', async () => {
    await rollupAnalytics(database.db, { now })
    let compared = 0
    for (let first = 0; first < days.length; first++) {
      for (let last = first; last < days.length; last++) {
        await expectSameAsRaw(crafted, { range: 'custom', from: days[first]!, to: days[last]! }, now)
        compared++
      }
    }
    expect(compared).toBe(36)
    const filters: Array<Partial<Query>> = [{ device: 'mobile' }, { path: '/book' }, { country: '' }, { utmSource: 'instagram' }, { referrer: '' }]
    for (const filter of filters) {
      for (let first = 0; first < days.length; first += 3) {
        for (let last = first; last < days.length; last += 2) await expectSameAsRaw(crafted, { range: 'custom', from: days[first]!, to: days[last]!, ...filter }, now)
      }
    }
    const whole = await expectSameAsRaw(crafted, { range: 'custom', from: days[0]!, to: days.at(-1)! }, now)
    const sumOfDays = whole.series.reduce((sum, point) => sum + point.visitors, 0)
    // Returning visitors are counted once over the range, not once a day.
    expect(whole.totals.visitors).toBeLessThan(sumOfDays)
    expect(whole.funnel.steps.map(step => step.sessions).every(count => count > 0)).toBe(true)
  })

  it('stay exact when rolled up a little at a time, as the job does', async () => {
    await database.db.delete(analyticsRollupState).where(eq(analyticsRollupState.projectId, crafted))
    await database.db.delete(analyticsRollups).where(eq(analyticsRollups.projectId, crafted))
    await rollupAnalytics(database.db, { now })
    const full = await storedRows(crafted)

    await database.db.delete(analyticsRollupState).where(eq(analyticsRollupState.projectId, crafted))
    await database.db.delete(analyticsRollups).where(eq(analyticsRollups.projectId, crafted))
    // Runs every 7 hours from the first event on; each rebuilds from its last day only.
    let run = 0
    for (let at = Date.parse('2026-10-21T06:00:00Z'); at < now.getTime(); at += 7 * 3_600_000) {
      await rollupProject(database.db, { projectId: crafted, timeZone: 'Europe/Madrid', since: new Date(at - 10 * 3_600_000), until: new Date(at) })
      if (run++ % 5 === 0) {
        await expectSameAsRaw(crafted, { range: 'custom', from: days[1]!, to: days[6]! }, new Date(at))
        await expectSameAsRaw(crafted, { range: 'custom', from: days[1]!, to: days[6]!, device: 'mobile' }, new Date(at))
      }
    }
    await rollupAnalytics(database.db, { now })
    expect(await storedRows(crafted)).toEqual(full)
  })

  it('keep the counts of purged days', async () => {
    const before = await getDashboard(database.db, scope(crafted), { range: 'custom', from: days[0]!, to: days[5]! }, now)
    await database.db.execute(sql`delete from analytics_events where project_id = ${crafted} and occurred_at < ${'2026-10-27T00:00:00Z'}::timestamptz`)
    const after = await getDashboard(database.db, scope(crafted), { range: 'custom', from: days[0]!, to: days[5]! }, now)
    expect(after.totals).toEqual(before.totals)
    expect(after.breakdowns).toEqual(before.breakdowns)
    expect(after.series).toEqual(before.series)
    // A rollup run after the purge does not touch days that have no raw events any more.
    await rollupAnalytics(database.db, { now: new Date(now.getTime() + 60_000) })
    expect((await getDashboard(database.db, scope(crafted), { range: 'custom', from: days[0]!, to: days[5]! }, now)).totals).toEqual(before.totals)
  })
})
