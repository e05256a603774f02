import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import { requireProject, type ProjectScope } from '@flectar/sites'
import { FILTER_COLUMNS, FILTER_DIMENSIONS, type BreakdownDimension, type Filters, type ResolvedRange } from './range'

/*
 * The dashboard's numbers straight from raw events. They are the definition the rollups must
 * match (the integration tests compare both), and the path taken when a filter is set.
 */

export interface Totals {
  visitors: number
  pageviews: number
  sessions: number
  bounceRate: number
  /** Average session length in seconds. */
  visitDuration: number
}

export type BreakdownRow = {
  /** '' stands for none (direct traffic, unknown country, …). */
  value: string
  visitors: number
  pageviews: number
}

export type SeriesPoint = {
  /** Local time of the bucket start, `YYYY-MM-DDTHH:MM`. */
  bucket: string
  visitors: number
  pageviews: number
}

export function filterSql(filters: Filters): SQL {
  const parts = FILTER_DIMENSIONS.filter(name => filters[name] !== undefined).map((name) => {
    const column = sql.raw(FILTER_COLUMNS[name])
    return filters[name] === '' ? sql`${column} is null` : sql`${column} = ${filters[name]}`
  })
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``
}

export function eventsIn(projectId: string, from: Date, to: Date, filters: Filters): SQL {
  return sql`select * from analytics_events where project_id = ${projectId}
    and occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz${filterSql(filters)}`
}

export function totalsFrom(row: { visitors: number, pageviews: number, sessions: number, bounces: number, duration: number } | undefined): Totals {
  const sessions = row?.sessions ?? 0
  return {
    visitors: row?.visitors ?? 0,
    pageviews: row?.pageviews ?? 0,
    sessions,
    bounceRate: sessions ? Math.round((row!.bounces / sessions) * 1000) / 10 : 0,
    visitDuration: Math.round(row?.duration ?? 0),
  }
}

/** Visitors, page views, sessions, bounce rate and visit duration over `[from, to)`. */
export async function queryTotals(db: DbOrTx, projectId: string, from: Date, to: Date, filters: Filters = {}): Promise<Totals> {
  const [row] = await db.execute<{ visitors: number, pageviews: number, sessions: number, bounces: number, duration: number }>(sql`
    with ev as (${eventsIn(projectId, from, to, filters)}),
    s as (select count(*) filter (where name = 'pageview') as pv, extract(epoch from max(occurred_at) - min(occurred_at)) as dur
      from ev group by session_hash)
    select (select count(distinct visitor_hash) from ev)::int as visitors,
      (select count(*) from ev where name = 'pageview')::int as pageviews,
      (select count(*) from s)::int as sessions,
      (select count(*) from s where pv <= 1)::int as bounces,
      (select coalesce(avg(dur), 0) from s)::float8 as duration`)
  return totalsFrom(row)
}

/** Visitors and page views per hour or day (local time), with empty buckets as zeros. */
export async function querySeries(db: DbOrTx, projectId: string, range: ResolvedRange, filters: Filters = {}): Promise<SeriesPoint[]> {
  const unit = range.interval
  const step = `1 ${unit}`
  const tz = range.timeZone
  return [...await db.execute<SeriesPoint>(sql`
    with b as (
      select generate_series(date_trunc(${unit}, ${range.from.toISOString()}::timestamptz at time zone ${tz}),
        ${range.to.toISOString()}::timestamptz at time zone ${tz} - interval '1 second', ${step}::interval) as bucket
    ), c as (
      select date_trunc(${unit}, occurred_at at time zone ${tz}) as bucket, count(distinct visitor_hash)::int as visitors,
        (count(*) filter (where name = 'pageview'))::int as pageviews
      from (${eventsIn(projectId, range.from, range.to, filters)}) ev group by 1
    )
    select to_char(b.bucket, 'YYYY-MM-DD"T"HH24:MI') as bucket, coalesce(c.visitors, 0)::int as visitors, coalesce(c.pageviews, 0)::int as pageviews
    from b left join c on c.bucket = b.bucket order by b.bucket`)]
}

/** Top values of a dimension by visitors; entry and exit pages are each session's first and last page. */
export async function queryBreakdown(db: DbOrTx, projectId: string, dimension: BreakdownDimension, from: Date, to: Date, filters: Filters = {}, limit = 10): Promise<BreakdownRow[]> {
  const events = eventsIn(projectId, from, to, filters)
  if (dimension === 'entry' || dimension === 'exit') {
    const order = dimension === 'entry' ? sql`asc` : sql`desc`
    return [...await db.execute<BreakdownRow>(sql`
      select path as value, count(distinct visitor_hash)::int as visitors, count(*)::int as pageviews
      from (select distinct on (session_hash) session_hash, visitor_hash, path from (${events}) ev
        where name = 'pageview' order by session_hash, occurred_at ${order}, id ${order}) firsts
      group by path order by visitors desc, pageviews desc, value limit ${limit}`)]
  }
  const column = sql.raw(FILTER_COLUMNS[dimension])
  return [...await db.execute<BreakdownRow>(sql`
    select coalesce(${column}, '') as value, count(distinct visitor_hash)::int as visitors,
      (count(*) filter (where name = 'pageview'))::int as pageviews
    from (${events}) ev group by 1 order by visitors desc, pageviews desc, value limit ${limit}`)]
}

/** Distinct visitors seen in the last five minutes. */
export async function queryRealtime(db: DbOrTx, scope: ProjectScope, now = new Date()): Promise<number> {
  await requireProject(db, scope)
  const [row] = await db.execute<{ visitors: number }>(sql`select count(distinct visitor_hash)::int as visitors from analytics_events
    where project_id = ${scope.projectId} and occurred_at > ${new Date(now.getTime() - 5 * 60 * 1000).toISOString()}::timestamptz`)
  return row?.visitors ?? 0
}
