import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsEvents, analyticsHourly, analyticsRollups, analyticsRollupState, analyticsSalts, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createEventBuffer } from './buffer'
import { deriveEvent, type AnalyticsEventRow } from './derive'
import { dashboardCsv } from './dashboard-csv'
import { getDashboard } from './get-dashboard'
import { queryRealtime, queryTotals } from './raw-queries'
import { purgeAnalytics, rollupAnalytics } from './rollups'
import { createSaltCache, deleteExpiredSalts, saltForDay } from './salts'
import { seedDemoAnalytics } from './seed'

let database: Awaited<ReturnType<typeof createTestDatabase>>
const orgA = randomUUID()
const orgB = randomUUID()
const projectA = randomUUID()
const projectB = randomUUID()

beforeAll(async () => {
  database = await createTestDatabase()
  await database.db.insert(organizations).values([{ id: orgA, name: 'A', slug: `a-${orgA.slice(0, 8)}` }, { id: orgB, name: 'B', slug: `b-${orgB.slice(0, 8)}` }])
  await database.db.insert(projects).values([
    { id: projectA, orgId: orgA, name: 'A site', slug: `site-a-${orgA.slice(0, 8)}`, timeZone: 'Europe/Madrid', modules: ['analytics'] },
    { id: projectB, orgId: orgB, name: 'B site', slug: `site-b-${orgB.slice(0, 8)}`, modules: ['analytics'] },
  ])
})
afterAll(async () => {
  await database?.drop()
})

function event(projectId: string, at: string, overrides: Partial<AnalyticsEventRow> = {}): AnalyticsEventRow {
  return {
    projectId, occurredAt: new Date(at), name: 'pageview', path: '/', visitorHash: 'v1', sessionHash: 's1', referrerHost: null,
    utmSource: null, utmMedium: null, utmCampaign: null, language: 'en', device: 'desktop', browser: 'Chrome', os: 'Windows', country: 'ES', props: null,
    ...overrides,
  }
}

const rollupOrder = [analyticsRollups.filterDimension, analyticsRollups.filterValue, analyticsRollups.lastDay, analyticsRollups.firstDay, analyticsRollups.dimension, analyticsRollups.value]

async function clearEvents() {
  await database.db.delete(analyticsEvents)
  await database.db.delete(analyticsHourly)
  await database.db.delete(analyticsRollups)
  await database.db.delete(analyticsRollupState)
}

describe('salts', () => {
  it('creates one salt per UTC day, shared by all callers, and deletes it after 48 hours', async () => {
    const day1 = new Date('2026-03-01T10:00:00Z')
    const [first, again] = await Promise.all([saltForDay(database.db, day1), saltForDay(database.db, day1)])
    expect(first).toBe(again)
    expect(first.length).toBeGreaterThanOrEqual(32)
    const day2 = await saltForDay(database.db, new Date('2026-03-02T00:00:01Z'))
    expect(day2).not.toBe(first)

    // Pretend the first salt was made 49 hours ago and the second 10 hours ago.
    await database.db.update(analyticsSalts).set({ createdAt: new Date(Date.now() - 49 * 3600_000) }).where(eq(analyticsSalts.day, '2026-03-01'))
    await database.db.update(analyticsSalts).set({ createdAt: new Date(Date.now() - 10 * 3600_000) }).where(eq(analyticsSalts.day, '2026-03-02'))
    expect(await deleteExpiredSalts(database.db)).toBe(1)
    expect(await deleteExpiredSalts(database.db)).toBe(0)
    const left = await database.db.select({ day: analyticsSalts.day }).from(analyticsSalts)
    expect(left.map(row => row.day)).toEqual(['2026-03-02'])
  })

  it('caches the day\'s salt in memory and rotates at UTC midnight', async () => {
    const cache = createSaltCache(database.db)
    const a = await cache(new Date('2026-04-01T23:59:59Z'))
    expect(await cache(new Date('2026-04-01T12:00:00Z'))).toBe(a)
    const b = await cache(new Date('2026-04-02T00:00:00Z'))
    expect(b).not.toBe(a)
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
    const context = { projectId: projectA, host: 'x.localhost', userAgent: ua, ipKey: 'k', headers: {}, cookieless: false }
    const beacon = { n: 'pageview', p: '/', v: 'same-visitor', s: 'same-session' }
    expect(deriveEvent(beacon, { ...context, salt: a }).visitorHash).not.toBe(deriveEvent(beacon, { ...context, salt: b }).visitorHash)
  })
})

describe('the event buffer', () => {
  it('writes events in batches, by size and on close, with no round trip per push', async () => {
    await clearEvents()
    const buffer = createEventBuffer(database.db, { maxEvents: 3, intervalMs: 60_000 })
    for (let index = 0; index < 4; index++) buffer.push(event(projectA, '2026-05-01T10:00:00Z', { visitorHash: `v${index}` }))
    await buffer.flush()
    expect(buffer.size()).toBe(0)
    buffer.push(event(projectA, '2026-05-01T10:05:00Z'))
    await buffer.close()
    const rows = await database.db.select().from(analyticsEvents).where(eq(analyticsEvents.projectId, projectA))
    expect(rows).toHaveLength(5)
    const columns = Object.keys(rows[0]!).sort()
    expect(columns).toEqual(['browser', 'country', 'device', 'id', 'language', 'name', 'occurredAt', 'os', 'path', 'projectId', 'props', 'referrerHost', 'sessionHash', 'utmCampaign', 'utmMedium', 'utmSource', 'visitorHash'])
  })

  it('keeps events when the database fails and writes them on the next flush', async () => {
    await clearEvents()
    let failures = 0
    const down = async () => {
      throw new Error('down')
    }
    const failing = { execute: down } as unknown as typeof database.db
    const broken = createEventBuffer(failing, { intervalMs: 60_000, onError: () => failures++ })
    broken.push(event(projectA, '2026-05-01T10:00:00Z'))
    await broken.flush()
    expect(failures).toBe(1)
    expect(broken.size()).toBe(1)
    await broken.close().catch(() => {})
  })
})

describe('rollups and retention', () => {
  it('rolls up idempotently, then purges old raw events while rollups stay', async () => {
    await clearEvents()
    const now = new Date('2026-06-10T12:00:00Z')
    await database.db.insert(analyticsEvents).values([
      event(projectA, '2026-06-10T09:10:00Z', { visitorHash: 'v1', sessionHash: 's1', path: '/' }),
      event(projectA, '2026-06-10T09:20:00Z', { visitorHash: 'v1', sessionHash: 's1', path: '/book' }),
      event(projectA, '2026-06-10T09:30:00Z', { visitorHash: 'v2', sessionHash: 's2', path: '/' }),
      event(projectA, '2026-06-10T09:31:00Z', { visitorHash: 'v2', sessionHash: 's2', name: 'booking_started', path: '/book' }),
      event(projectB, '2026-06-10T09:40:00Z', { visitorHash: 'v9', sessionHash: 's9' }),
      // 100 days old: beyond the retention of 90 days.
      event(projectA, '2026-03-02T10:00:00Z', { visitorHash: 'old', sessionHash: 'old' }),
    ])
    const first = await rollupAnalytics(database.db, { now })
    expect(first.map(run => run.projectId).sort()).toEqual([projectA, projectB].sort())
    const rows = await database.db.select().from(analyticsRollups).where(eq(analyticsRollups.projectId, projectA)).orderBy(...rollupOrder)
    // Nothing new since: the next run has nothing to do, and a forced rebuild gives the same rows.
    expect(await rollupAnalytics(database.db, { now })).toEqual([])
    await database.db.delete(analyticsRollupState)
    await rollupAnalytics(database.db, { now })
    expect(await database.db.select().from(analyticsRollups).where(eq(analyticsRollups.projectId, projectA)).orderBy(...rollupOrder)).toEqual(rows)

    const [hour] = await database.db.select().from(analyticsHourly).where(and(eq(analyticsHourly.projectId, projectA), eq(analyticsHourly.hour, new Date('2026-06-10T09:00:00Z'))))
    expect(hour).toMatchObject({ pageviews: 3, events: 1, visitors: 2, sessions: 2 })
    const day = rows.filter(row => row.filterDimension === '' && row.firstDay === '2026-06-10' && row.lastDay === '2026-06-10')
    expect(day.filter(row => row.dimension === 'path').map(row => [row.value, row.pageviews, row.visitors])).toEqual([['/', 2, 2], ['/book', 1, 2]])
    expect(day.filter(row => row.dimension === '').reduce((sum, row) => sum + row.visitors, 0)).toBe(2)
    expect(day.filter(row => row.dimension === 'goal').map(row => [row.value, row.visitors, row.pageviews])).toEqual([['booking_started', 1, 1]])

    const scope = { orgId: orgA, projectId: projectA }
    const old = await getDashboard(database.db, scope, { range: 'custom', from: '2026-03-02', to: '2026-03-02' }, now)
    const oldFiltered = await getDashboard(database.db, scope, { range: 'custom', from: '2026-03-01', to: '2026-03-03', device: 'desktop' }, now)
    expect([oldFiltered.source, oldFiltered.totals.visitors]).toEqual(['rollups', 1])
    const purged = await purgeAnalytics(database.db, { retentionDays: 90, now })
    expect(purged.events).toBe(1)
    expect((await purgeAnalytics(database.db, { retentionDays: 90, now })).events).toBe(0)
    const [{ count }] = await database.db.execute<{ count: number }>(sql`select count(*)::int as count from analytics_events`) as unknown as [{ count: number }]
    expect(count).toBe(5)
    // The purged day's numbers stay, its hourly chart included.
    const kept = await getDashboard(database.db, scope, { range: 'custom', from: '2026-03-02', to: '2026-03-02' }, now)
    expect(kept.totals).toEqual(old.totals)
    // With a filter too: the slices of the rollups stay as well.
    expect((await getDashboard(database.db, scope, { range: 'custom', from: '2026-03-01', to: '2026-03-03', device: 'desktop' }, now)).totals).toEqual(oldFiltered.totals)
    expect(kept.totals).toMatchObject({ visitors: 1, pageviews: 1, sessions: 1 })
    expect(kept.series).toEqual(old.series)
  })
})

describe('dashboard queries', () => {
  const now = new Date('2026-07-20T15:00:00Z')

  beforeAll(async () => {
    await clearEvents()
    const inserted = await seedDemoAnalytics(database.db, projectA, { days: 28, now, sessionsPerDay: 40 })
    expect(inserted).toBeGreaterThan(1000)
    await seedDemoAnalytics(database.db, projectB, { days: 3, now, sessionsPerDay: 5, seed: 7 })
  })

  it('computes totals, the previous period, a full series and every breakdown', async () => {
    const dashboard = await getDashboard(database.db, { orgId: orgA, projectId: projectA }, { range: '30d' }, now)
    expect(dashboard.range.timeZone).toBe('Europe/Madrid')
    expect(dashboard.series).toHaveLength(30)
    expect(dashboard.totals.pageviews).toBe(dashboard.series.reduce((sum, point) => sum + point.pageviews, 0))
    expect(dashboard.totals.visitors).toBeGreaterThan(100)
    expect(dashboard.totals.sessions).toBeGreaterThanOrEqual(dashboard.totals.visitors)
    expect(dashboard.totals.bounceRate).toBeGreaterThan(20)
    expect(dashboard.totals.bounceRate).toBeLessThan(80)
    expect(dashboard.totals.visitDuration).toBeGreaterThan(0)
    expect(dashboard.previous.visitors).toBe(0)
    for (const rows of Object.values(dashboard.breakdowns)) expect(rows.length).toBeGreaterThan(0)
    expect(dashboard.breakdowns.device.map(row => row.value).sort()).toEqual(['desktop', 'mobile', 'tablet'])
    expect(dashboard.breakdowns.referrer.some(row => row.value === '')).toBe(true)

    const today = await getDashboard(database.db, { orgId: orgA, projectId: projectA }, { range: 'today' }, now)
    expect(today.range.interval).toBe('hour')
    expect(today.series).toHaveLength(24)
    expect(today.range.from).toBe('2026-07-19T22:00:00.000Z')

    const custom = await getDashboard(database.db, { orgId: orgA, projectId: projectA }, { range: 'custom', from: '2026-07-01', to: '2026-07-07' }, now)
    expect(custom.series).toHaveLength(7)
    expect(custom.previous.visitors).toBeGreaterThan(0)
  })

  it('narrows every panel with a filter', async () => {
    const scope = { orgId: orgA, projectId: projectA }
    const all = await getDashboard(database.db, scope, { range: '30d' }, now)
    const mobile = await getDashboard(database.db, scope, { range: '30d', device: 'mobile' }, now)
    expect(mobile.filters).toEqual({ device: 'mobile' })
    expect(mobile.totals.visitors).toBeLessThan(all.totals.visitors)
    expect(mobile.totals.pageviews).toBeLessThan(all.totals.pageviews)
    expect(mobile.breakdowns.device.map(row => row.value)).toEqual(['mobile'])
    expect(mobile.breakdowns.os.map(row => row.value).sort()).toEqual(['Android', 'iOS'])
    for (const [dimension, rows] of Object.entries(mobile.breakdowns)) {
      const total = (rows as Array<{ pageviews: number }>).reduce((sum, row) => sum + row.pageviews, 0)
      const allTotal = (all.breakdowns[dimension as keyof typeof all.breakdowns]).reduce((sum, row) => sum + row.pageviews, 0)
      expect(total, dimension).toBeLessThan(allTotal)
    }
    expect(mobile.series.reduce((sum, point) => sum + point.pageviews, 0)).toBe(mobile.totals.pageviews)

    const direct = await getDashboard(database.db, scope, { range: '30d', referrer: '' }, now)
    expect(direct.breakdowns.referrer.map(row => row.value)).toEqual([''])
    const both = await getDashboard(database.db, scope, { range: '30d', device: 'mobile', country: 'ES' }, now)
    expect(both.breakdowns.country.map(row => row.value)).toEqual(['ES'])
    expect(both.totals.visitors).toBeLessThan(mobile.totals.visitors)
  })

  it('never shows another org\'s numbers', async () => {
    await expect(getDashboard(database.db, { orgId: orgA, projectId: projectB }, { range: '30d' }, now)).rejects.toMatchObject({ statusCode: 404 })
    await expect(getDashboard(database.db, { orgId: orgB, projectId: projectA }, { range: '30d' }, now)).rejects.toMatchObject({ statusCode: 404 })
    await expect(queryRealtime(database.db, { orgId: orgA, projectId: projectB })).rejects.toMatchObject({ statusCode: 404 })
    const b = await getDashboard(database.db, { orgId: orgB, projectId: projectB }, { range: '7d' }, now)
    const a = await queryTotals(database.db, projectA, new Date(b.range.from), new Date(b.range.to))
    expect(b.totals.visitors).toBeLessThan(a.visitors)
  })

  it('counts realtime visitors of the last five minutes and exports CSV', async () => {
    await database.db.insert(analyticsEvents).values([event(projectA, new Date(Date.now() - 60_000).toISOString(), { visitorHash: 'live-1' }), event(projectA, new Date(Date.now() - 10 * 60_000).toISOString(), { visitorHash: 'gone' })])
    expect(await queryRealtime(database.db, { orgId: orgA, projectId: projectA })).toBe(1)
    const csv = dashboardCsv(await getDashboard(database.db, { orgId: orgA, projectId: projectA }, { range: '7d' }, now))
    const lines = csv.trim().split('\n')
    expect(lines[0]).toBe('section,value,visitors,pageviews,sessions,bounce_rate,visit_duration_s')
    expect(lines.filter(line => line.startsWith('series,'))).toHaveLength(7)
    expect(lines.some(line => line.startsWith('path,/'))).toBe(true)
  })
})
