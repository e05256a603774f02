import { sql } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import { BREAKDOWN_DIMENSIONS, type BreakdownDimension, type FilterDimension, type Filters, type ResolvedRange } from './range'
import { filterSql, querySeries, totalsFrom, type BreakdownRow, type SeriesPoint, type Totals } from './raw-queries'
import { rollupRowsSql, type RollupRow } from './rollup-rows'
import { affectedSessions, sessionEventsSql } from './rollups'

/**
 * What the stored rollups do not cover yet, as rollup rows to add to them: events stored since
 * the last run of the rollup job (`covered_id`) or that occurred after it (`covered_until`). The
 * rows of the visitors and sessions concerned are computed with and without those events, and
 * the difference is the correction. Without any rollup yet (or after a time-zone change)
 * everything is computed from raw events.
 *
 * With a `slice` (one filter set), the same for the events it selects, read from the stored rows
 * of that slice; `null` when those are missing (no rollup with slices yet), to use raw events.
 */
export async function rollupTail(db: DbOrTx, projectId: string, timeZone: string, slice?: Slice): Promise<Tail | null> {
  const stored = { dimension: slice?.dimension ?? '', value: slice?.value ?? '' }
  const filters: Filters = slice ? { [slice.dimension]: slice.value } : {}
  const [state] = await db.execute<{ covered_until: string, covered_id: number, time_zone: string, filter_slices: boolean, pending: boolean }>(sql`
    select covered_until::text, covered_id::float8 as covered_id, time_zone, filter_slices,
      coalesce((select max(id) from analytics_events e where e.project_id = s.project_id) > s.covered_id, false)
        or coalesce((select max(occurred_at) from analytics_events e where e.project_id = s.project_id) >= s.covered_until, false) as pending
    from analytics_rollup_state s where project_id = ${projectId}`)
  if (slice && (!state || state.time_zone !== timeZone || !state.filter_slices)) return null
  if (!state || state.time_zone !== timeZone) {
    const events = sql`select * from analytics_events where project_id = ${projectId}`
    return { stored: false, slice: stored, rows: [...await db.execute<RollupRow>(rollupRowsSql(events, timeZone, '-infinity'))] }
  }
  if (!state.pending) return { stored: true, slice: stored, rows: [] }
  const pending = sql`(id > ${state.covered_id} or occurred_at >= ${state.covered_until}::timestamptz)`
  // Rows from the local day of the earliest pending event on can change.
  const [first] = await db.execute<{ day: string }>(sql`
    select (least(${state.covered_until}::timestamptz, min(occurred_at)) at time zone ${timeZone})::date::text as day
    from analytics_events where project_id = ${projectId} and id > ${state.covered_id}`)
  const rows = await db.execute<RollupRow>(sql`
    with ev as materialized (${sessionEventsSql(projectId, await affectedSessions(db, projectId, pending))}),
    now_rows as (${rollupRowsSql(sql`select * from ev where true${filterSql(filters)}`, timeZone, first!.day)}),
    then_rows as (${rollupRowsSql(sql`select * from ev where not ${pending}${filterSql(filters)}`, timeZone, first!.day)})
    select dimension, value, first_day, last_day, sum(visitors)::int as visitors, sum(pageviews)::int as pageviews, sum(sessions)::int as sessions,
      sum(bounces)::int as bounces, sum(duration)::text as duration_micros
    from (
      select dimension, value, first_day, last_day, visitors, pageviews, sessions, bounces, duration_micros::numeric as duration from now_rows
      union all
      select dimension, value, first_day, last_day, -visitors, -pageviews, -sessions, -bounces, -duration_micros::numeric from then_rows
    ) delta group by 1, 2, 3, 4
    having sum(visitors) <> 0 or sum(pageviews) <> 0 or sum(sessions) <> 0 or sum(bounces) <> 0 or sum(duration) <> 0`)
  return { stored: true, slice: stored, rows: [...rows] }
}

/** One filter set: the dashboard reads that slice of the rollups. */
export type Slice = { dimension: FilterDimension, value: string }

export interface Tail {
  /** Whether the stored rows count (not when there are none yet, or for another time zone). */
  stored: boolean
  /** The stored rows' slice ('' and '' for all events). */
  slice: { dimension: string, value: string }
  /** Rows to add to the stored ones. */
  rows: RollupRow[]
}

/** Stored rows plus the tail's, over the local days [from, to] (rows the range contains). */
function rowsWithin(projectId: string, tail: Tail, from: string, to: string, where = sql`true`) {
  return sql`select dimension, value, first_day, last_day, visitors, pageviews, sessions, bounces, duration_micros::numeric as duration
    from analytics_rollups
    where ${tail.stored} and project_id = ${projectId} and filter_dimension = ${tail.slice.dimension} and filter_value = ${tail.slice.value}
      and last_day <= ${to}::date and first_day >= ${from}::date and ${where}
    union all
    select dimension, value, first_day, last_day, visitors, pageviews, sessions, bounces, duration_micros
    from jsonb_to_recordset(${JSON.stringify(tail.rows)}::jsonb) as t(dimension text, value text, first_day date, last_day date, visitors int,
      pageviews int, sessions int, bounces int, duration_micros numeric)
    where last_day <= ${to}::date and first_day >= ${from}::date and ${where}`
}

type Grouped = { dimension: string, value: string, visitors: number, pageviews: number, sessions: number, bounces: number, duration: number }

export interface RangeRollup {
  totals: Totals
  breakdowns: Record<BreakdownDimension, BreakdownRow[]>
  goals: Array<{ name: string, visitors: number, events: number }>
  sources: Array<{ source: string, visitors: number, sessions: number }>
}

/**
 * Totals, the top `limit` values of every breakdown, goals and session sources over the local
 * days [from, to], ordered as the raw-event queries order them.
 */
export async function queryRangeRollup(db: DbOrTx, projectId: string, tail: Tail, from: string, to: string, limit = 10): Promise<RangeRollup> {
  const rows = await db.execute<Grouped>(sql`
    with g as (
      select dimension, value, sum(visitors)::int as visitors, sum(pageviews)::int as pageviews, sum(sessions)::int as sessions,
        sum(bounces)::int as bounces, (sum(duration) / nullif(sum(sessions), 0) / 1000000)::float8 as duration
      from (${rowsWithin(projectId, tail, from, to)}) r group by dimension, value
    ), ranked as (
      select *, row_number() over (partition by dimension
        order by visitors desc, case when dimension in ('entry', 'exit') then sessions else pageviews end desc, value) as rank
      from g where dimension = '' or visitors > 0
    )
    select dimension, value, visitors, pageviews, sessions, bounces, duration from ranked
    where dimension in ('', 'source') or (dimension = 'goal' and rank <= 20) or rank <= ${limit}
    order by dimension, rank`)
  const of = (dimension: string) => rows.filter(row => row.dimension === dimension)
  return {
    totals: totalsFrom(of('')[0]),
    breakdowns: Object.fromEntries(BREAKDOWN_DIMENSIONS.map(dimension => [dimension, of(dimension).map(row => ({
      value: row.value,
      visitors: row.visitors,
      // Entry and exit "page views" are the sessions that start or end there.
      pageviews: dimension === 'entry' || dimension === 'exit' ? row.sessions : row.pageviews,
    }))])) as Record<BreakdownDimension, BreakdownRow[]>,
    goals: of('goal').map(row => ({ name: row.value, visitors: row.visitors, events: row.pageviews })),
    sources: of('source').map(row => ({ source: row.value, visitors: row.visitors, sessions: row.sessions })),
  }
}

/** Whole-site totals over the local days [from, to]. */
export async function queryTotalsRollup(db: DbOrTx, projectId: string, tail: Tail, from: string, to: string): Promise<Totals> {
  const [row] = await db.execute<Grouped>(sql`
    select sum(visitors)::int as visitors, sum(pageviews)::int as pageviews, sum(sessions)::int as sessions, sum(bounces)::int as bounces,
      (sum(duration) / nullif(sum(sessions), 0) / 1000000)::float8 as duration
    from (${rowsWithin(projectId, tail, from, to, sql`dimension = ''`)}) r`)
  return totalsFrom(row)
}

/**
 * Visitors and page views per local day (from single-day rollup rows), or per local hour (from
 * raw events, and from the hourly rollups for hours whose raw events were purged).
 */
export async function querySeriesRollup(db: DbOrTx, projectId: string, tail: Tail, range: ResolvedRange): Promise<SeriesPoint[]> {
  if (range.interval === 'hour') {
    // Hourly rollups are of all events: with a filter, a day's hours come from its raw events.
    if (tail.slice.dimension) return await querySeries(db, projectId, range, { [tail.slice.dimension]: tail.slice.value })
    const points = await querySeries(db, projectId, range)
    const kept = await db.execute<SeriesPoint>(sql`
      select to_char(date_trunc('hour', hour at time zone ${range.timeZone}), 'YYYY-MM-DD"T"HH24:MI') as bucket,
        sum(visitors)::int as visitors, sum(pageviews)::int as pageviews
      from analytics_hourly
      where project_id = ${projectId} and hour >= ${range.from.toISOString()}::timestamptz and hour < ${range.to.toISOString()}::timestamptz
        and hour < date_trunc('hour', coalesce((select min(occurred_at) from analytics_events where project_id = ${projectId}), 'infinity'))
      group by 1`)
    return points.map(point => kept.find(row => row.bucket === point.bucket) ?? point)
  }
  const { from, to } = range.days
  return [...await db.execute<SeriesPoint>(sql`
    select to_char(d.day, 'YYYY-MM-DD"T"00:00') as bucket, coalesce(sum(r.visitors), 0)::int as visitors, coalesce(sum(r.pageviews), 0)::int as pageviews
    from generate_series(${from}::date, ${to}::date, interval '1 day') as d(day)
    left join (${rowsWithin(projectId, tail, from, to, sql`dimension = '' and first_day = last_day`)}) r on r.first_day = d.day::date
    group by d.day order by d.day`)]
}
