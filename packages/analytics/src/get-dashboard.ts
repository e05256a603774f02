import type { DbOrTx } from '@flectar/db'
import { assembleFunnel, goalRows, queryFunnelConversions, queryFunnelVisits, queryGoals, type Funnel, type GoalRow } from './funnel'
import { BREAKDOWN_DIMENSIONS, filtersOf, projectTimeZone, resolveRange, type BreakdownDimension, type DashboardQuery, type Filters, type ProjectScope, type ResolvedRange } from './range'
import { queryBreakdown, querySeries, queryTotals, type BreakdownRow, type SeriesPoint, type Totals } from './raw-queries'
import { queryRangeRollup, querySeriesRollup, queryTotalsRollup, rollupTail } from './rollup-queries'

export interface DashboardData {
  totals: Totals
  previous: Totals
  series: SeriesPoint[]
  breakdowns: Record<BreakdownDimension, BreakdownRow[]>
  goals: GoalRow[]
  funnel: Funnel
}

export interface GetDashboardOptions {
  /**
   * `rollups` (the default without filters): the rollup tables plus the events they do not cover
   * yet. `events`: raw events only (always so with filters, and the reference in tests).
   */
  source?: 'rollups' | 'events'
}

/** The unfiltered dashboard from the rollups, read in one snapshot so the tail and the stored rows agree. */
async function fromRollups(db: DbOrTx, projectId: string, range: ResolvedRange): Promise<DashboardData> {
  return await db.transaction(async (tx) => {
    const tail = await rollupTail(tx, projectId, range.timeZone)
    const current = await queryRangeRollup(tx, projectId, tail, range.days.from, range.days.to)
    const previous = await queryTotalsRollup(tx, projectId, tail, range.days.previousFrom, range.days.previousTo)
    const series = await querySeriesRollup(tx, projectId, tail, range)
    const conversions = await queryFunnelConversions(tx, projectId, range.from, range.to)
    const visits = [
      { total: true, source: '', visitors: current.totals.visitors, sessions: current.totals.sessions },
      ...current.sources.map(row => ({ total: false, ...row })),
    ]
    return {
      totals: current.totals,
      previous,
      series,
      breakdowns: current.breakdowns,
      goals: goalRows(current.goals, current.totals.visitors),
      funnel: assembleFunnel(visits, conversions),
    }
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' })
}

/** The dashboard from raw events: the only way with filters (each query narrows by them). */
async function fromEvents(db: DbOrTx, projectId: string, range: ResolvedRange, filters: Filters): Promise<DashboardData> {
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

/**
 * Everything the dashboard shows for a range and filters, for one project of the org: totals and
 * the previous period, the series, every breakdown, goals and the booking funnel.
 */
export async function getDashboard(db: DbOrTx, scope: ProjectScope, query: DashboardQuery, now = new Date(), options: GetDashboardOptions = {}) {
  const timeZone = await projectTimeZone(db, scope)
  const range = await resolveRange(db, query, timeZone, now)
  const filters = filtersOf(query)
  const source = Object.keys(filters).length > 0 ? 'events' : (options.source ?? 'rollups')
  const data = source === 'rollups' ? await fromRollups(db, scope.projectId, range) : await fromEvents(db, scope.projectId, range, filters)
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), interval: range.interval, timeZone },
    filters,
    source,
    ...data,
  }
}
export type Dashboard = Awaited<ReturnType<typeof getDashboard>>
