import type { DbOrTx } from '@flectar/db'
import { requireProject, type ProjectScope } from '@flectar/sites'
import { dashboardFromEvents } from './dashboard-from-events'
import { assembleFunnel, goalRows, queryFunnelConversions, type Funnel, type GoalRow } from './funnel'
import { filtersOf, resolveRange, type BreakdownDimension, type DashboardQuery, type FilterDimension, type ResolvedRange } from './range'
import type { BreakdownRow, SeriesPoint, Totals } from './raw-queries'
import { queryRangeRollup, querySeriesRollup, queryTotalsRollup, rollupTail, type Slice } from './rollup-queries'

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
   * `rollups` (the default with at most one filter): the rollup tables (that filter's slice) plus
   * the events they do not cover yet. `events`: raw events only (always so with several filters
   * or before the rollup job has made the slices, and the reference in tests).
   */
  source?: 'rollups' | 'events'
}

/**
 * The dashboard from the rollups (all events, or the slice of one filter), read in one snapshot
 * so the tail and the stored rows agree; `null` when that slice is not rolled up yet.
 */
async function fromRollups(db: DbOrTx, projectId: string, range: ResolvedRange, slice?: Slice): Promise<DashboardData | null> {
  return await db.transaction(async (tx) => {
    const tail = await rollupTail(tx, projectId, range.timeZone, slice)
    if (!tail) return null
    const current = await queryRangeRollup(tx, projectId, tail, range.days.from, range.days.to)
    const previous = await queryTotalsRollup(tx, projectId, tail, range.days.previousFrom, range.days.previousTo)
    const series = await querySeriesRollup(tx, projectId, tail, range)
    const conversions = await queryFunnelConversions(tx, projectId, range.from, range.to, slice ? { [slice.dimension]: slice.value } : {})
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

/**
 * Everything the dashboard shows for a range and filters, for one project of the org: totals and
 * the previous period, the series, every breakdown, goals and the booking funnel.
 */
export async function getDashboard(db: DbOrTx, scope: ProjectScope, query: DashboardQuery, now = new Date(), options: GetDashboardOptions = {}) {
  const { timeZone, currency } = await requireProject(db, scope)
  const range = await resolveRange(db, query, timeZone, now)
  const filters = filtersOf(query)
  const set = Object.entries(filters) as Array<[FilterDimension, string]>
  const slice = set.length === 1 ? { dimension: set[0]![0], value: set[0]![1] } : undefined
  const rolled = set.length <= 1 && options.source !== 'events' ? await fromRollups(db, scope.projectId, range, slice) : null
  const source = rolled ? 'rollups' : 'events'
  const data = rolled ?? await dashboardFromEvents(db, scope.projectId, range, filters)
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), interval: range.interval, timeZone },
    filters,
    source,
    ...data,
    // Revenue is counted in the project's currency, what its bookings are priced in.
    funnel: { ...data.funnel, currency },
  }
}
export type Dashboard = Awaited<ReturnType<typeof getDashboard>>
