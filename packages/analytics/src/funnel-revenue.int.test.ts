import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsEvents, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import type { AnalyticsEventRow } from './derive'
import { getDashboard } from './get-dashboard'
import { rollupAnalytics } from './rollups'

// Revenue by source: what the booking pages report as paid with a confirmed booking, summed per
// source of the visit (UTM source, else referrer host), without cookies.

const orgId = randomUUID()
const projectId = randomUUID()

function event(at: string, session: string, overrides: Partial<AnalyticsEventRow> = {}): AnalyticsEventRow {
  return {
    projectId, occurredAt: new Date(at), name: 'pageview', path: '/', visitorHash: `v-${session}`, sessionHash: session, referrerHost: null,
    utmSource: null, utmMedium: null, utmCampaign: null, language: 'en', device: 'mobile', browser: 'Chrome', os: 'Android', country: 'ES', props: null,
    ...overrides,
  }
}

/** A visit from `source` that starts a booking and confirms it with `props` on the confirmation. */
function bookingVisit(session: string, hour: number, source: Partial<AnalyticsEventRow>, confirmations: Array<AnalyticsEventRow['props']>) {
  const at = (minute: number) => `2026-07-19T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`
  return [
    event(at(0), session, source),
    event(at(1), session, { name: 'booking_started', path: '/book' }),
    ...confirmations.map((props, index) => event(at(2 + index), session, { name: 'booking_confirmed', path: '/book/manage/x', props })),
  ]
}

describe('the booking funnel\'s revenue by source', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>

  beforeAll(async () => {
    database = await createTestDatabase()
    await database.db.insert(organizations).values({ id: orgId, name: 'Revenue', slug: `revenue-${orgId.slice(0, 8)}` })
    await database.db.insert(projects).values({ id: projectId, orgId, name: 'Revenue', slug: `revenue-${orgId.slice(0, 8)}`, timeZone: 'Europe/Madrid', currency: 'EUR', modules: ['analytics'] })
    await database.db.insert(analyticsEvents).values([
      // A newsletter visitor pays €10 (the page reloaded: the same booking reported twice counts once).
      ...bookingVisit('news-1', 9, { utmSource: 'newsletter' }, [{ amount: 1000, currency: 'EUR', booking: 'b1' }, { amount: 1000, currency: 'EUR', booking: 'b1' }]),
      // Another pays €15 for two bookings in one visit.
      ...bookingVisit('news-2', 10, { utmSource: 'newsletter' }, [{ amount: 500, currency: 'EUR', booking: 'b2' }, { amount: 1000, currency: 'EUR', booking: 'b3' }]),
      // From Instagram (a referrer, no UTM): €12.
      ...bookingVisit('insta-1', 11, { referrerHost: 'instagram.com' }, [{ amount: 1200, currency: 'EUR', booking: 'b4' }]),
      // Booked without paying online, and beacons with amounts no page sends: no revenue.
      ...bookingVisit('direct-1', 12, {}, [null, { amount: 'lots', booking: 'b5' }, { amount: 1e12, booking: 'b6' }, { amount: -5, booking: 'b7' }, { amount: 2.5, booking: 'b8' }]),
    ])
  })
  afterAll(() => database.drop())

  it('sums what was paid per source and overall, once per booking, in the project\'s currency', async () => {
    const scope = { orgId, projectId }
    const now = new Date('2026-07-20T12:00:00Z')
    const fromEvents = await getDashboard(database.db, scope, { range: 'custom', from: '2026-07-19', to: '2026-07-19' }, now, { source: 'events' })
    await rollupAnalytics(database.db, { now })
    const fromRollups = await getDashboard(database.db, scope, { range: 'custom', from: '2026-07-19', to: '2026-07-19' }, now)
    expect([fromEvents.source, fromRollups.source]).toEqual(['events', 'rollups'])
    for (const dashboard of [fromEvents, fromRollups]) {
      expect(dashboard.funnel.currency).toBe('EUR')
      expect(dashboard.funnel.revenue).toBe(3700)
      expect(Object.fromEntries(dashboard.funnel.sources.map(row => [row.source, row.revenue]))).toEqual({ 'newsletter': 2500, 'instagram.com': 1200, '': 0 })
      expect(dashboard.funnel.steps.map(step => step.sessions)).toEqual([4, 4, 4])
    }
  })
})
