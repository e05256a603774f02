import { and, eq, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { projects, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Dimensions the dashboard breaks down by and filters on, with their column. */
export const FILTER_COLUMNS = {
  path: 'path',
  referrer: 'referrer_host',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  device: 'device',
  browser: 'browser',
  os: 'os',
  country: 'country',
  language: 'language',
} as const
export type FilterDimension = keyof typeof FILTER_COLUMNS
export const FILTER_DIMENSIONS = Object.keys(FILTER_COLUMNS) as FilterDimension[]
export type BreakdownDimension = FilterDimension | 'entry' | 'exit'
export const BREAKDOWN_DIMENSIONS: BreakdownDimension[] = ['path', 'entry', 'exit', 'referrer', 'utmSource', 'utmMedium', 'utmCampaign', 'device', 'browser', 'os', 'country', 'language']

/** Query string of the dashboard: range and filters (`''` filters on "none", e.g. direct traffic). */
export const dashboardQuerySchema = z.object({
  range: z.enum(['today', '7d', '30d', '90d', 'custom']).default('30d'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  ...Object.fromEntries(FILTER_DIMENSIONS.map(name => [name, z.string().max(512).optional()])) as Record<FilterDimension, z.ZodOptional<z.ZodString>>,
}).refine(query => query.range !== 'custom' || (query.from && query.to && query.from <= query.to), { message: 'A custom range needs from ≤ to', path: ['from'] })
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>
export type Filters = Partial<Record<FilterDimension, string>>

export interface ResolvedRange {
  from: Date
  to: Date
  previousFrom: Date
  interval: 'hour' | 'day'
  timeZone: string
}

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

/** The project's time zone, only when it belongs to the org (another org's project is not found). */
async function projectTimeZone(db: DbOrTx, scope: { orgId: string, projectId: string }): Promise<string> {
  if (!UUID.test(scope.projectId) || !UUID.test(scope.orgId)) throw new NotFoundError('Project not found.')
  const [project] = await db.select({ timeZone: projects.timeZone }).from(projects)
    .where(and(eq(projects.id, scope.projectId), eq(projects.orgId, scope.orgId))).limit(1)
  if (!project) throw new NotFoundError('Project not found.')
  return project.timeZone
}

/** The range's bounds in the project's time zone: whole local days, ending at the end of today. */
export async function resolveRange(db: DbOrTx, query: Pick<DashboardQuery, 'range' | 'from' | 'to'>, timeZone: string, now = new Date()): Promise<ResolvedRange> {
  const days = { 'today': 1, '7d': 7, '30d': 30, '90d': 90, 'custom': 0 }[query.range]
  const nowIso = now.toISOString()
  const [row] = query.range === 'custom'
    ? await db.execute<{ from: string, to: string }>(sql`select
        (${query.from!}::date::timestamp at time zone ${timeZone})::text as from,
        ((${query.to!}::date + 1)::timestamp at time zone ${timeZone})::text as to`)
    : await db.execute<{ from: string, to: string }>(sql`select
        ((date_trunc('day', ${nowIso}::timestamptz at time zone ${timeZone}) - ${`${days - 1} days`}::interval) at time zone ${timeZone})::text as from,
        ((date_trunc('day', ${nowIso}::timestamptz at time zone ${timeZone}) + interval '1 day') at time zone ${timeZone})::text as to`)
  const from = new Date(row!.from)
  const to = new Date(row!.to)
  const length = to.getTime() - from.getTime()
  return { from, to, previousFrom: new Date(from.getTime() - length), interval: length <= 36 * 3600 * 1000 ? 'hour' : 'day', timeZone }
}

function filterSql(filters: Filters): SQL {
  const parts = FILTER_DIMENSIONS.filter(name => filters[name] !== undefined).map((name) => {
    const column = sql.raw(FILTER_COLUMNS[name])
    return filters[name] === '' ? sql`${column} is null` : sql`${column} = ${filters[name]}`
  })
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``
}

function eventsIn(projectId: string, from: Date, to: Date, filters: Filters): SQL {
  return sql`select * from analytics_events where project_id = ${projectId}
    and occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz${filterSql(filters)}`
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
  const sessions = row?.sessions ?? 0
  return {
    visitors: row?.visitors ?? 0,
    pageviews: row?.pageviews ?? 0,
    sessions,
    bounceRate: sessions ? Math.round((row!.bounces / sessions) * 1000) / 10 : 0,
    visitDuration: Math.round(row?.duration ?? 0),
  }
}

/** Visitors and page views per hour or day (local time), with empty buckets as zeros. */
export async function querySeries(db: DbOrTx, projectId: string, range: ResolvedRange, filters: Filters = {}): Promise<SeriesPoint[]> {
  const unit = range.interval
  const step = `1 ${unit}`
  const tz = range.timeZone
  return [...await db.execute<{ bucket: string, visitors: number, pageviews: number }>(sql`
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
        where name = 'pageview' order by session_hash, occurred_at ${order}) firsts
      group by path order by visitors desc, pageviews desc, value limit ${limit}`)]
  }
  const column = sql.raw(FILTER_COLUMNS[dimension])
  return [...await db.execute<BreakdownRow>(sql`
    select coalesce(${column}, '') as value, count(distinct visitor_hash)::int as visitors,
      (count(*) filter (where name = 'pageview'))::int as pageviews
    from (${events}) ev group by 1 order by visitors desc, pageviews desc, value limit ${limit}`)]
}

/** Distinct visitors seen in the last five minutes. */
export async function queryRealtime(db: DbOrTx, scope: { orgId: string, projectId: string }, now = new Date()): Promise<number> {
  await projectTimeZone(db, scope)
  const [row] = await db.execute<{ visitors: number }>(sql`select count(distinct visitor_hash)::int as visitors from analytics_events
    where project_id = ${scope.projectId} and occurred_at > ${new Date(now.getTime() - 5 * 60 * 1000).toISOString()}::timestamptz`)
  return row?.visitors ?? 0
}

export function filtersOf(query: Partial<DashboardQuery>): Filters {
  return Object.fromEntries(FILTER_DIMENSIONS.filter(name => typeof query[name] === 'string').map(name => [name, query[name]])) as Filters
}

/** Everything the dashboard shows for a range and filters, for one project of the org. */
export async function getDashboard(db: DbOrTx, scope: { orgId: string, projectId: string }, query: DashboardQuery, now = new Date()) {
  const timeZone = await projectTimeZone(db, scope)
  const range = await resolveRange(db, query, timeZone, now)
  const filters = filtersOf(query)
  const { projectId } = scope
  const [totals, previous, series, ...breakdowns] = await Promise.all([
    queryTotals(db, projectId, range.from, range.to, filters),
    queryTotals(db, projectId, range.previousFrom, range.from, filters),
    querySeries(db, projectId, range, filters),
    ...BREAKDOWN_DIMENSIONS.map(dimension => queryBreakdown(db, projectId, dimension, range.from, range.to, filters)),
  ])
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), interval: range.interval, timeZone },
    filters,
    totals,
    previous,
    series,
    breakdowns: Object.fromEntries(BREAKDOWN_DIMENSIONS.map((dimension, index) => [dimension, breakdowns[index]!])) as Record<BreakdownDimension, BreakdownRow[]>,
  }
}
export type Dashboard = Awaited<ReturnType<typeof getDashboard>>

const csvCell = (value: string | number) => {
  const text = String(value)
  // Quote, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** The dashboard as CSV: totals, the series and every breakdown, one table with a `section` column. */
export function dashboardCsv(dashboard: Dashboard): string {
  const lines = [['section', 'value', 'visitors', 'pageviews', 'sessions', 'bounce_rate', 'visit_duration_s']]
  const t = dashboard.totals
  lines.push(['totals', `${dashboard.range.from}/${dashboard.range.to}`, String(t.visitors), String(t.pageviews), String(t.sessions), String(t.bounceRate), String(t.visitDuration)])
  for (const point of dashboard.series) lines.push(['series', point.bucket, String(point.visitors), String(point.pageviews), '', '', ''])
  for (const [dimension, rows] of Object.entries(dashboard.breakdowns)) {
    for (const row of rows) lines.push([dimension, row.value, String(row.visitors), String(row.pageviews), '', '', ''])
  }
  return `${lines.map(line => line.map(csvCell).join(',')).join('\n')}\n`
}
