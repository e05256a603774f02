import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsEvents, organizations, projects, type DbOrTx } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { dashboardFromEvents } from './dashboard-from-events'
import type { AnalyticsEventRow } from './derive'
import { assembleFunnel, goalRows, queryFunnelConversions, queryFunnelVisits, queryGoals } from './funnel'
import { getDashboard } from './get-dashboard'
import { BREAKDOWN_DIMENSIONS, resolveRange, type BreakdownDimension, type DashboardQuery, type Filters, type ResolvedRange } from './range'
import { queryBreakdown, querySeries, queryTotals, type BreakdownRow } from './raw-queries'
import { seedDemoAnalytics } from './seed'

let database: Awaited<ReturnType<typeof createTestDatabase>>
const orgId = randomUUID()
const projectId = randomUUID()
const now = new Date('2026-07-20T15:00:00Z')

/** The dashboard as it was computed before: one query per panel, each reading the raw events. */
async function perPanelReference(db: DbOrTx, range: ResolvedRange, filters: Filters) {
  const [totals, previous, series, goals, visits, conversions, ...breakdowns] = await Promise.all([
    queryTotals(db, projectId, range.from, range.to, filters),
    queryTotals(db, projectId, range.previousFrom, range.from, filters),
    querySeries(db, projectId, range, filters),
    queryGoals(db, projectId, range.from, range.to, filters),
    queryFunnelVisits(db, projectId, range.from, range.to, filters),
    queryFunnelConversions(db, projectId, range.from, range.to, filters),
    ...BREAKDOWN_DIMENSIONS.map(dimension => queryBreakdown(db, projectId, dimension, range.from, range.to, filters)),
  ])
  return {
    totals,
    previous,
    series,
    breakdowns: Object.fromEntries(BREAKDOWN_DIMENSIONS.map((dimension, index) => [dimension, breakdowns[index]!])) as Record<BreakdownDimension, BreakdownRow[]>,
    goals: goalRows(goals, totals.visitors),
    funnel: assembleFunnel(visits, conversions),
  }
}

function event(at: string, overrides: Partial<AnalyticsEventRow> = {}): AnalyticsEventRow {
  return {
    projectId, occurredAt: new Date(at), name: 'pageview', path: '/', visitorHash: 'v1', sessionHash: 's1', referrerHost: null,
    utmSource: null, utmMedium: null, utmCampaign: null, language: 'en', device: 'mobile', browser: 'Chrome', os: 'Android', country: 'ES', props: null,
    ...overrides,
  }
}

beforeAll(async () => {
  database = await createTestDatabase()
  await database.db.insert(organizations).values({ id: orgId, name: 'Events', slug: `events-${orgId.slice(0, 8)}` })
  await database.db.insert(projects).values({ id: projectId, orgId, name: 'Events', slug: `events-${orgId.slice(0, 8)}`, timeZone: 'Europe/Madrid', modules: ['analytics'] })
  await seedDemoAnalytics(database.db, projectId, { days: 65, now, sessionsPerDay: 40 })
  // Awkward cases: visitors with one event (counted without the per-visitor grouping), events at
  // the same instant (ordered by id), a session of custom events only, a visitor repeating a page.
  await database.db.insert(analyticsEvents).values([
    event('2026-07-18T10:00:00Z', { visitorHash: 'single-1', sessionHash: 'single-1', path: '/solo', country: null }),
    event('2026-07-18T11:00:00Z', { visitorHash: 'single-2', sessionHash: 'single-2', path: '/solo', referrerHost: 'google.com', utmSource: 'x' }),
    event('2026-07-19T09:00:00Z', { visitorHash: 'tie', sessionHash: 'tie', path: '/a' }),
    event('2026-07-19T09:00:00Z', { visitorHash: 'tie', sessionHash: 'tie', path: '/b' }),
    event('2026-07-19T09:00:00Z', { visitorHash: 'tie', sessionHash: 'tie', name: 'booking_started', path: '/b' }),
    event('2026-07-19T12:00:00Z', { visitorHash: 'custom-only', sessionHash: 'custom-only', name: 'booking_started', path: '/book' }),
    event('2026-07-19T12:05:00Z', { visitorHash: 'custom-only', sessionHash: 'custom-only', name: 'booking_confirmed', path: '/book' }),
    event('2026-07-19T13:00:00Z', { visitorHash: 'repeat', sessionHash: 'repeat-1', path: '/again' }),
    event('2026-07-19T13:01:00Z', { visitorHash: 'repeat', sessionHash: 'repeat-1', path: '/again' }),
    event('2026-07-20T08:00:00Z', { visitorHash: 'repeat', sessionHash: 'repeat-2', path: '/again', country: null }),
  ])
})
afterAll(async () => {
  await database?.drop()
})

describe('the dashboard from raw events in one pass', () => {
  const ranges: Array<Pick<DashboardQuery, 'range' | 'from' | 'to'>> = [
    { range: '30d' }, { range: '7d' }, { range: 'today' }, { range: 'custom', from: '2026-07-01', to: '2026-07-10' },
  ]
  const filterSets: Filters[] = [
    {}, { device: 'mobile' }, { device: 'mobile', country: 'ES' }, { referrer: '', country: '' }, { path: '/solo', device: 'mobile' },
    { utmSource: 'instagram', os: 'iOS', language: 'es' }, { device: 'mobile', country: 'nowhere' },
  ]

  it('equals the per-panel raw-event queries for every range and set of filters', async () => {
    for (const query of ranges) {
      const range = await resolveRange(database.db, query, 'Europe/Madrid', now)
      for (const filters of filterSets) {
        const expected = await perPanelReference(database.db, range, filters)
        expect(await dashboardFromEvents(database.db, projectId, range, filters), JSON.stringify({ query, filters })).toEqual(expected)
      }
    }
  })

  it('is what getDashboard returns with several filters, and leaves no temporary table behind', async () => {
    const dashboard = await getDashboard(database.db, { orgId, projectId }, { range: '30d', device: 'mobile', country: 'ES' }, now)
    expect(dashboard.source).toBe('events')
    expect(dashboard.totals.visitors).toBeGreaterThan(0)
    expect(dashboard.breakdowns.country.map(row => row.value)).toEqual(['ES'])
    const range = await resolveRange(database.db, { range: '30d' }, 'Europe/Madrid', now)
    const { range: _range, filters: _filters, source: _source, ...data } = dashboard
    const reference = await perPanelReference(database.db, range, { device: 'mobile', country: 'ES' })
    expect(data).toEqual({ ...reference, funnel: { ...reference.funnel, currency: 'EUR' } })
    // Twice in one outer transaction: the temporary table of the first is gone (or replaced).
    await database.db.transaction(async (tx) => {
      const first = await dashboardFromEvents(tx, projectId, range, { device: 'mobile', country: 'ES' })
      expect(await dashboardFromEvents(tx, projectId, range, { device: 'mobile', country: 'ES' })).toEqual(first)
    })
  })
})
