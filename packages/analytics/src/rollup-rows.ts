import { sql, type SQL } from 'drizzle-orm'
import { FILTER_COLUMNS, type FilterDimension } from './range'

/*
 * How the rollups add up exactly over any date range.
 *
 * A rollup row counts towards a range of local days [from, to] when the range contains all of
 * [first_day, last_day] (call that Q(first_day, last_day)). Counts that simply add up (page views,
 * events) are single-day rows Q(d, d). Distinct counts use signed rows:
 *
 * - A visitor (or visitor with a given path, country, …) seen on days d1 < d2 < … < dk counts once
 *   in a range holding a run di..dj of those days: Σ Q(di, di) − Σ Q(di−1, di) is j−i+1 − (j−i) = 1.
 * - A session seen on days d1 < … < dk is, within a range, the run di..dj (its in-range part, which
 *   is what the raw-event queries measure bounces and length on). That run is exactly the range's
 *   part when d(i−1) < from ≤ di and dj ≤ to < d(j+1), which is
 *   Q(di, dj) − Q(di−1, dj) − Q(di, dj+1) + Q(di−1, dj+1): one signed row each, for every run.
 * - Entry pages (and a session's source) are those of its first in-range day: one sweep over the
 *   range start (`firstInRangeRows`); exit pages are those of its last in-range day: one sweep
 *   over the range end (`lastInRangeRows`). Distinct visitors per entry or exit page come from the
 *   same sweeps per visitor and page.
 *
 * Every row depends only on events up to its last_day, so the rollup job rebuilds rows with
 * last_day ≥ its first day and leaves older rows as they are. With real traffic visitor and
 * session hashes change with the daily salt, so almost every row is a single-day row; hashes that
 * live for weeks (seeded data) only add correction rows.
 */

/** Breakdowns counted per visitor: [dimension, value expression, events counted in `pageviews`]. */
const VISITOR_DIMENSIONS: Array<[dimension: string, value: string, counted: string, where?: string]> = [
  ['', `''::text`, `name = 'pageview'`],
  ['path', 'path', `name = 'pageview'`],
  ['referrer', `coalesce(referrer_host, '')`, `name = 'pageview'`],
  ['utmSource', `coalesce(utm_source, '')`, `name = 'pageview'`],
  ['utmMedium', `coalesce(utm_medium, '')`, `name = 'pageview'`],
  ['utmCampaign', `coalesce(utm_campaign, '')`, `name = 'pageview'`],
  ['device', 'device', `name = 'pageview'`],
  ['browser', 'browser', `name = 'pageview'`],
  ['os', 'os', `name = 'pageview'`],
  ['country', `coalesce(country, '')`, `name = 'pageview'`],
  ['language', `coalesce(language, '')`, `name = 'pageview'`],
  // Custom events (goals): visitors who sent one, and how many were sent.
  ['goal', 'name', 'true', `name <> 'pageview'`],
]

/**
 * An event's slice for a filter dimension: the value a filter selects it with (`''` selects
 * null, as `filterSql` does). A stored `''` is selected by no filter, so it is in no slice.
 */
function sliceSql(dimension: FilterDimension): SQL {
  const column = FILTER_COLUMNS[dimension]
  return sql.raw(`case when ${column} is null then '' when ${column} <> '' then ${column} end`)
}

/** A session's source: its UTM source, else its referrer host, else '' (direct). */
export const SOURCE_SQL = `coalesce(utm_source, referrer_host, '')`

export type RollupRow = {
  /** The slice's filter value ('' for none, or when not sliced). */
  filter_value: string
  dimension: string
  value: string
  first_day: string
  last_day: string
  visitors: number
  pageviews: number
  sessions: number
  bounces: number
  /** Microseconds, as text (sums may pass 2^53). */
  duration_micros: string
}

/** Rows for one visitor-counted breakdown. */
function visitorRows([dimension, value, counted, where]: (typeof VISITOR_DIMENSIONS)[number], minDay: SQL): SQL {
  return sql.raw(`select f, '${dimension}' as dimension, value, q.first_day, x.day as last_day, q.visitors, q.pageviews, 0 as sessions, 0 as bounces, 0::numeric as duration
    from (
      select f, ${value} as value, day, (count(*) filter (where ${counted}))::int as n, lag(day) over (partition by v, ${value} order by day) as prev
      from b ${where ? `where ${where}` : ''} group by v, ${value}, day, f
    ) x cross join lateral (values (x.day, 1, x.n), (x.prev, -1, 0)) as q(first_day, visitors, pageviews)
    where q.first_day is not null and x.day >= `).append(minDay)
}

/**
 * Sessions, entries and visitors for a "first in-range day" breakdown. `occurrences` has one row
 * per session and day: v (that day's first visitor), p (the value), d (the day), lo (the
 * session's previous such day, or -infinity). For a range start `from`, the session counts with
 * the day d where lo < from ≤ d. A visitor and value count once, with the earliest such day: the
 * sweep cuts the range starts into segments [b, nb) and takes that earliest day f per segment.
 */
function firstInRangeRows(dimension: string, occurrences: string, minDay: SQL): SQL {
  return sql.raw(`(
    with o as (select * from ${occurrences}),
    cuts as (select distinct o.f, o.v, o.p, t.b from o cross join lateral (values ('-infinity'::date), (o.lo + 1), (o.d + 1)) as t(b)),
    segments as (select f, v, p, b, lead(b) over (partition by v, p order by b) as nb from cuts),
    earliest as (
      select s.f, s.p, s.b, s.nb, min(o.d) as e from segments s
      join o on o.v = s.v and o.p = s.p and (o.lo = '-infinity' or o.lo < s.b) and s.b <= o.d
      group by s.v, s.p, s.b, s.nb, s.f
    )
    select f, '${dimension}' as dimension, p as value, d as first_day, d as last_day, 0 as visitors, 0 as pageviews, 1 as sessions, 0 as bounces, 0::numeric as duration from o where d >= `).append(minDay).append(sql.raw(`
    union all select f, '${dimension}', p, lo, d, 0, 0, -1, 0, 0 from o where lo <> '-infinity' and d >= `)).append(minDay).append(sql.raw(`
    union all select f, '${dimension}', p, nb - 1, e, 1, 0, 0, 0, 0 from earliest where e >= `)).append(minDay).append(sql.raw(`
    union all select f, '${dimension}', p, b - 1, e, -1, 0, 0, 0, 0 from earliest where b <> '-infinity' and e >= `)).append(minDay).append(sql.raw(`
  )`))
}

/**
 * The mirror image for a "last in-range day" breakdown (exit pages): `occurrences` has v, p, d and
 * hi (the session's next such day, or infinity); the session counts with the day d where
 * d ≤ to < hi, and a visitor and value once, with the latest such day g per segment [c, nc).
 */
function lastInRangeRows(dimension: string, occurrences: string, minDay: SQL): SQL {
  return sql.raw(`(
    with o as (select * from ${occurrences}),
    cuts as (select distinct o.f, o.v, o.p, t.c from o cross join lateral (values (o.d), (o.hi)) as t(c) where t.c <> 'infinity'),
    segments as (select f, v, p, c, lead(c) over (partition by v, p order by c) as nc from cuts),
    latest as (
      select s.f, s.p, s.c, s.nc, max(o.d) as g from segments s
      join o on o.v = s.v and o.p = s.p and o.d <= s.c and s.c < o.hi
      group by s.v, s.p, s.c, s.nc, s.f
    )
    select f, '${dimension}' as dimension, p as value, d as first_day, d as last_day, 0 as visitors, 0 as pageviews, 1 as sessions, 0 as bounces, 0::numeric as duration from o where d >= `).append(minDay).append(sql.raw(`
    union all select f, '${dimension}', p, d, hi, 0, 0, -1, 0, 0 from o where hi <> 'infinity' and hi >= `)).append(minDay).append(sql.raw(`
    union all select f, '${dimension}', p, g, c, 1, 0, 0, 0, 0 from latest where c >= `)).append(minDay).append(sql.raw(`
    union all select f, '${dimension}', p, g, nc, -1, 0, 0, 0, 0 from latest where nc is not null and nc >= `)).append(minDay).append(sql.raw(`
  )`))
}

/**
 * The rollup rows (see `analyticsRollups`) of the events selected by `events`, keeping rows with
 * last_day ≥ `minDay` (a `YYYY-MM-DD` or `-infinity`). `events` must hold every event of each
 * visitor and session whose rows are wanted; rows of others are partial and must be filtered out
 * by `minDay` or cancelled out (see `rollups.ts`). With `sliceBy`, the rows are those of each
 * slice of the events by that filter dimension's value, as if each slice were all the events:
 * what the dashboard shows with that one filter set.
 */
export function rollupRowsSql(events: SQL, timeZone: string, minDay: string, sliceBy?: FilterDimension): SQL {
  const slice = sliceBy ? sliceSql(sliceBy) : sql.raw(`''::text`)
  const since = sql`${minDay}::date`
  const parts: SQL[] = VISITOR_DIMENSIONS.map(dimension => visitorRows(dimension, since))
  // Every run of consecutive active days of a session, as the four signed rows described above.
  parts.push(sql`select f, '' as dimension, '' as value, q.first_day, q.last_day, 0 as visitors, 0 as pageviews, q.sign as sessions,
      q.sign * (runs.pv <= 1)::int as bounces, q.sign * runs.duration as duration
    from (
      select a.f, a.prev, a.day as first_day, c.day as last_day, c.next, c.cum_pv - a.cum_pv + a.pv as pv,
        extract(epoch from c.last_at - a.first_at) * 1000000 as duration
      from session_days a join session_days c on c.s = a.s and c.i >= a.i
    ) runs cross join lateral (values (runs.first_day, runs.last_day, 1), (runs.prev, runs.last_day, -1),
      (runs.first_day, runs.next, -1), (runs.prev, runs.next, 1)) as q(first_day, last_day, sign)
    where q.first_day is not null and q.last_day is not null and q.last_day >= ${since}`)
  parts.push(firstInRangeRows('entry', `(select f, entry_v as v, entry_path as p, day as d, coalesce(lag(day) over w, '-infinity') as lo
    from session_days where pv > 0 window w as (partition by s order by day)) entries`, since))
  parts.push(lastInRangeRows('exit', `(select f, exit_v as v, exit_path as p, day as d, coalesce(lead(day) over w, 'infinity') as hi
    from session_days where pv > 0 window w as (partition by s order by day)) exits`, since))
  parts.push(firstInRangeRows('source', `(select f, source_v as v, source as p, day as d, coalesce(prev, '-infinity') as lo from session_days) sources`, since))

  return sql`with b as materialized (
      -- Visitors and sessions as small integers: every later step sorts by them.
      -- Ranked within the slice, so each slice's visitors and sessions are apart from the others'.
      select id, occurred_at, name, path, f, dense_rank() over (order by f collate "C", visitor_hash collate "C") as v,
        dense_rank() over (order by f collate "C", session_hash collate "C") as s, referrer_host, utm_source, utm_medium,
        utm_campaign, device, browser, os, country, language, (occurred_at at time zone ${timeZone})::date as day
      from (select *, ${slice} as f from (${events}) events) sliced where f is not null
    ),
    session_day_totals as (
      select f, s, day, min(occurred_at) as first_at, max(occurred_at) as last_at, (count(*) filter (where name = 'pageview'))::int as pv,
        (array_agg(path order by occurred_at, id) filter (where name = 'pageview'))[1] as entry_path,
        (array_agg(v order by occurred_at, id) filter (where name = 'pageview'))[1] as entry_v,
        (array_agg(path order by occurred_at desc, id desc) filter (where name = 'pageview'))[1] as exit_path,
        (array_agg(v order by occurred_at desc, id desc) filter (where name = 'pageview'))[1] as exit_v,
        (array_agg(${sql.raw(SOURCE_SQL)} order by occurred_at, id))[1] as source,
        (array_agg(v order by occurred_at, id))[1] as source_v
      from b group by s, day, f
    ),
    session_days as materialized (
      select *, row_number() over w as i, lag(day) over w as prev, lead(day) over w as next, sum(pv) over w as cum_pv
      from session_day_totals window w as (partition by s order by day)
    )
    select f as filter_value, dimension, value, first_day::text, last_day::text, sum(visitors)::int as visitors, sum(pageviews)::int as pageviews,
      sum(sessions)::int as sessions, sum(bounces)::int as bounces, sum(duration)::bigint::text as duration_micros
    from (${sql.join(parts.map(part => sql`(select f, dimension, value, first_day, last_day, sum(visitors) as visitors, sum(pageviews) as pageviews,
      sum(sessions) as sessions, sum(bounces) as bounces, sum(duration) as duration from (${part}) part group by 1, 2, 3, 4, 5)`), sql` union all `)}) all_rows
    group by f, dimension, value, first_day, last_day
    having sum(visitors) <> 0 or sum(pageviews) <> 0 or sum(sessions) <> 0 or sum(bounces) <> 0 or sum(duration) <> 0`
}
