import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import { assembleFunnel, goalRows, queryFunnelConversions, type StepCounts } from './funnel'
import type { DashboardData } from './get-dashboard'
import { BREAKDOWN_DIMENSIONS, FILTER_COLUMNS, FILTER_DIMENSIONS, type BreakdownDimension, type Filters, type ResolvedRange } from './range'
import { eventsIn, totalsFrom, type BreakdownRow, type SeriesPoint } from './raw-queries'
import { SOURCE_SQL } from './rollup-rows'

/*
 * The whole dashboard from raw events (several filters, or no rollups yet) with one scan: the
 * filtered events of the range are copied once into a temporary table (dropped at commit) and
 * every panel is computed from it, in one repeatable-read snapshot. Same answers as the
 * per-panel queries of `raw-queries.ts` and `funnel.ts` (the integration tests compare them).
 * Distinct counts are two hash aggregations (per value and visitor, then per value) rather than
 * `count(distinct …)`, which sorts; the hashes compare bytewise ("C"), as any deterministic
 * collation's equality does, so the counts are the same. Not analysed: `analyze` cost more than
 * it saved (`pnpm bench:analytics`, two filters).
 */

const EVENTS = sql.raw('dashboard_events')

/** Visitors, page views, sessions, bounces and summed session lengths of a set of events. */
function totalsSql(events: SQL): SQL {
  return sql`
    with ev as materialized (${events}),
    v as (select count(*)::int as visitors from (select 1 from ev group by visitor_hash) v),
    s as (select count(*) filter (where name = 'pageview') as pv, extract(epoch from max(occurred_at) - min(occurred_at)) as dur
      from ev group by session_hash)
    select (select visitors from v) as visitors,
      (select count(*) from ev where name = 'pageview')::int as pageviews,
      count(*)::int as sessions, (count(*) filter (where pv <= 1))::int as bounces, coalesce(avg(dur), 0)::float8 as duration
    from s`
}

type TotalsRow = { visitors: number, pageviews: number, sessions: number, bounces: number, duration: number }

/** Distinct visitors and page views per value of `value` (an expression over `events`). */
function perValueSql(dimension: string, value: SQL, events: SQL, pageviews: SQL): SQL {
  return sql`select ${dimension}::text as dimension, value, count(*)::int as visitors, sum(pageviews)::int as pageviews
    from (select ${value} as value, visitor_hash, ${pageviews} as pageviews from ${events} group by 1, 2) per_visitor group by value`
}

/**
 * Every breakdown, top `limit` values each, in one statement. A visitor with a single event
 * counts once for each of its values, so those events need no distinct count (one pass, grouping
 * sets); only the events of visitors with several go through the per-visitor grouping.
 */
function breakdownsSql(limit: number): SQL {
  const columns = FILTER_DIMENSIONS.map(name => sql.raw(FILTER_COLUMNS[name]))
  const pageviews = sql`count(*) filter (where name = 'pageview')`
  const repeated = sql`(select * from ${EVENTS} ev where exists (select from repeat_visitors r where r.visitor_hash = ev.visitor_hash))`
  const perDimension = FILTER_DIMENSIONS.map((name, index) => perValueSql(name, sql`coalesce(${columns[index]}, '')`, repeated, pageviews))
  // In each grouping set only its own column is not null.
  const dimension = sql.join(FILTER_DIMENSIONS.map((name, index) => sql`when grouping(${columns[index]}) = 0 then ${name}::text`), sql` `)
  // Each session's first and last page view; its "page views" are the sessions.
  const edge = (order: SQL) => sql`(select distinct on (session_hash) visitor_hash, path, name from ${EVENTS}
    where name = 'pageview' order by session_hash, occurred_at ${order}, id ${order})`
  return sql`
    with repeat_visitors as materialized (select visitor_hash from ${EVENTS} group by 1 having count(*) > 1),
    single_visitors as (
      select case ${dimension} end as dimension, coalesce(${sql.join(columns, sql`, `)}, '') as value, count(*)::int as visitors, (${pageviews})::int as pageviews
      from ${EVENTS} ev where not exists (select from repeat_visitors r where r.visitor_hash = ev.visitor_hash)
      group by grouping sets (${sql.join(columns.map(column => sql`(${column})`), sql`, `)})
    ),
    per_value as (
      select dimension, value, sum(visitors)::int as visitors, sum(pageviews)::int as pageviews
      from (${sql.join([sql`select * from single_visitors`, ...perDimension], sql` union all `)}) parts group by 1, 2
      union all ${sql.join([perValueSql('entry', sql`path`, edge(sql`asc`), sql`count(*)`), perValueSql('exit', sql`path`, edge(sql`desc`), sql`count(*)`)], sql` union all `)}
    )
    select dimension, value, visitors, pageviews from (
      select *, row_number() over (partition by dimension order by visitors desc, pageviews desc, value) as rank from per_value
    ) ranked where rank <= ${limit} order by dimension, rank`
}

/**
 * The dashboard from raw events, as `getDashboard` returns it with `source: 'events'`. Opens its
 * own transaction (a savepoint inside one).
 */
export async function dashboardFromEvents(db: DbOrTx, projectId: string, range: ResolvedRange, filters: Filters): Promise<DashboardData> {
  return await db.transaction(async (tx) => {
    // The sorts and hashes below fit in memory at a few hundred thousand events.
    await tx.execute(sql`set local work_mem = '64MB'`)
    await tx.execute(sql`drop table if exists pg_temp.dashboard_events`)
    await tx.execute(sql`
      create temporary table ${EVENTS} on commit drop as
      select id, occurred_at, name, path, visitor_hash collate "C" as visitor_hash, session_hash collate "C" as session_hash,
        ${sql.join(FILTER_DIMENSIONS.filter(name => name !== 'path').map(name => sql.raw(FILTER_COLUMNS[name])), sql`, `)}
      from (${eventsIn(projectId, range.from, range.to, filters)}) ev`)

    const [current] = await tx.execute<TotalsRow>(totalsSql(sql`select name, occurred_at, visitor_hash, session_hash from ${EVENTS}`))
    const [previous] = await tx.execute<TotalsRow>(totalsSql(sql`select name, occurred_at, visitor_hash collate "C" as visitor_hash, session_hash collate "C" as session_hash
      from (${eventsIn(projectId, range.previousFrom, range.from, filters)}) ev`))
    const totals = totalsFrom(current)

    const unit = range.interval
    const tz = range.timeZone
    const series = [...await tx.execute<SeriesPoint>(sql`
      with b as (
        select generate_series(date_trunc(${unit}, ${range.from.toISOString()}::timestamptz at time zone ${tz}),
          ${range.to.toISOString()}::timestamptz at time zone ${tz} - interval '1 second', ${`1 ${unit}`}::interval) as bucket
      ), per_visitor as (
        select date_trunc(${unit}, occurred_at at time zone ${tz}) as bucket, visitor_hash, count(*) filter (where name = 'pageview') as pageviews
        from ${EVENTS} group by 1, 2
      ), c as (
        select bucket, count(*)::int as visitors, sum(pageviews)::int as pageviews from per_visitor group by 1
      )
      select to_char(b.bucket, 'YYYY-MM-DD"T"HH24:MI') as bucket, coalesce(c.visitors, 0)::int as visitors, coalesce(c.pageviews, 0)::int as pageviews
      from b left join c on c.bucket = b.bucket order by b.bucket`)]

    const breakdownRows = await tx.execute<BreakdownRow & { dimension: BreakdownDimension }>(breakdownsSql(10))
    const breakdowns = Object.fromEntries(BREAKDOWN_DIMENSIONS.map(dimension => [dimension,
      breakdownRows.filter(row => row.dimension === dimension).map(({ value, visitors, pageviews }) => ({ value, visitors, pageviews }))])) as Record<BreakdownDimension, BreakdownRow[]>

    const goals = [...await tx.execute<{ name: string, visitors: number, events: number }>(sql`
      select name, count(*)::int as visitors, sum(events)::int as events
      from (select name, visitor_hash, count(*) as events from ${EVENTS} where name <> 'pageview' group by 1, 2) per_visitor
      group by name order by visitors desc, events desc, name limit 20`)]

    // The funnel's first step: each session's first event in the range gives its visitor and source.
    const bySource = await tx.execute<StepCounts>(sql`
      select false as total, source, count(*)::int as visitors, sum(sessions)::int as sessions
      from (
        select source, visitor_hash, count(*) as sessions from (
          select distinct on (session_hash) visitor_hash, ${sql.raw(SOURCE_SQL)} as source from ${EVENTS} order by session_hash, occurred_at, id
        ) firsts group by 1, 2
      ) per_visitor group by source`)
    const visits: StepCounts[] = [...bySource, { total: true, source: '', visitors: totals.visitors, sessions: totals.sessions }]
    const conversions = await queryFunnelConversions(tx, projectId, range.from, range.to, filters)

    return { totals, previous: totalsFrom(previous), series, breakdowns, goals: goalRows(goals, totals.visitors), funnel: assembleFunnel(visits, conversions) }
  }, { isolationLevel: 'repeatable read' })
}
