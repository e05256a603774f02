import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import { FILTER_DIMENSIONS } from './range'
import { rollupRowsSql } from './rollup-rows'
import { deleteExpiredSalts } from './salts'

const HOUR_MS = 60 * 60 * 1000
/** Events still waiting in an ingest buffer are left to the next run (buffers flush every second). */
const SETTLE_MS = 10_000
/** Each run recomputes from the local day of this long before the last run, for late writes. */
const OVERLAP_MS = 3 * HOUR_MS

/**
 * The sessions whose rollup rows the events matching `recent` can change: their own, and every
 * session of their visitors (and of the other visitors in their sessions). With all events of
 * those sessions, the rows of everyone concerned are complete; rows of other visitors and
 * sessions in them may be partial (the callers drop or cancel those).
 */
export async function affectedSessions(db: DbOrTx, projectId: string, recent: SQL): Promise<string[]> {
  const rows = await db.execute<{ session: string }>(sql`
    with recent as (select session_hash, visitor_hash from analytics_events where project_id = ${projectId} and ${recent}),
    visitors as (
      select visitor_hash from recent
      union select v.visitor_hash from analytics_events v where v.project_id = ${projectId} and v.session_hash in (select session_hash from recent)
    )
    select session_hash as session from recent
    union select s.session_hash from analytics_events s where s.project_id = ${projectId} and s.visitor_hash in (select visitor_hash from visitors)`)
  return rows.map(row => row.session)
}

/**
 * The events matching `within` of the given sessions. The hashes travel as one JSON parameter,
 * so the planner looks them up through the index instead of scanning the table.
 */
export function sessionEventsSql(projectId: string, sessions: string[], within: SQL = sql`true`): SQL {
  return sql`select * from analytics_events where project_id = ${projectId} and ${within}
    and session_hash in (select json_array_elements_text(${JSON.stringify(sessions)}::json))`
}

export interface RollupProjectOptions {
  projectId: string
  timeZone: string
  /** Recompute from the local day holding this moment; omitted: from the oldest stored event. */
  since?: Date
  /** Count events that occurred before this moment. */
  until: Date
}

/**
 * Rebuilds a project's rollups from the local day of `since` on: the rows of `analytics_rollups`
 * with a later or equal last day, and the hours of `analytics_hourly`, from the raw events stored
 * so far that occurred before `until` (plus the earlier events of the same visitors and
 * sessions), then records how far they go. Days older than the oldest raw event are never
 * touched, so rollups outlive the purge. Idempotent; one project at a time (advisory lock).
 */
export async function rollupProject(db: DbOrTx, options: RollupProjectOptions): Promise<{ fromDay: string | null, rows: number }> {
  const { projectId, timeZone, until } = options
  return await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`analytics-rollup:${projectId}`}, 0))`)
    // Big rebuilds sort millions of rows: let them do it in memory.
    await tx.execute(sql`set local work_mem = '64MB'`)
    // Events stored from now on have higher ids; only those up to this one are rolled up (later
    // statements may see more, and the dashboard counts those as not rolled up yet).
    const [latest] = await tx.execute<{ id: number | null }>(sql`select max(id)::float8 as id from analytics_events`)
    const coveredId = latest?.id ?? 0
    const covered = sql`id <= ${coveredId} and occurred_at < ${until.toISOString()}::timestamptz`
    const [bounds] = await tx.execute<{ from_day: string | null, from_at: string | null, full: boolean }>(sql`
      with oldest as (select min(occurred_at) as at from analytics_events where project_id = ${projectId}),
      start as (select case when oldest.at is not null then greatest(oldest.at, ${options.since?.toISOString() ?? null}::timestamptz) end as at from oldest)
      select (start.at at time zone ${timeZone})::date::text as from_day,
        ((start.at at time zone ${timeZone})::date::timestamp at time zone ${timeZone})::text as from_at,
        coalesce(((start.at at time zone ${timeZone})::date::timestamp at time zone ${timeZone}) <= oldest.at, true) as full
      from start, oldest`)
    let rows = 0
    const fromDay = bounds?.from_day ?? null
    if (fromDay && bounds?.from_at) {
      const fromAt = new Date(bounds.from_at)
      const events = bounds.full
        ? sql`select * from analytics_events where project_id = ${projectId} and ${covered}`
        : sessionEventsSql(projectId, await affectedSessions(tx, projectId, sql`occurred_at >= ${fromAt.toISOString()}::timestamptz and ${covered}`), covered)
      await tx.execute(sql`delete from analytics_rollups where project_id = ${projectId} and last_day >= ${fromDay}::date`)
      // The whole site, then each filter dimension's slices (what one filter set shows).
      for (const sliceBy of [undefined, ...FILTER_DIMENSIONS]) {
        const inserted = await tx.execute<{ n: number }>(sql`
          with inserted as (
            insert into analytics_rollups (project_id, filter_dimension, filter_value, dimension, value, first_day, last_day, visitors, pageviews, sessions, bounces, duration_micros)
            select ${projectId}, ${sliceBy ?? ''}, filter_value, dimension, value, first_day::date, last_day::date, visitors, pageviews, sessions, bounces, duration_micros::bigint
            from (${rollupRowsSql(events, timeZone, fromDay, sliceBy)}) r
            returning 1
          ) select count(*)::int as n from inserted`)
        rows += inserted[0]?.n ?? 0
      }
      await rollupHourly(tx, projectId, fromAt, until, coveredId)
    }
    await tx.execute(sql`
      -- Slices are complete once rebuilt from the oldest event (rollups from before they existed have none).
      insert into analytics_rollup_state (project_id, covered_until, covered_id, time_zone, updated_at, filter_slices)
      values (${projectId}, ${until.toISOString()}::timestamptz, ${coveredId}, ${timeZone}, now(), ${bounds?.full ?? false})
      on conflict (project_id) do update set covered_until = excluded.covered_until, covered_id = excluded.covered_id,
        time_zone = excluded.time_zone, updated_at = now(),
        filter_slices = excluded.filter_slices or (analytics_rollup_state.filter_slices and analytics_rollup_state.time_zone = excluded.time_zone)`)
    return { fromDay, rows }
  })
}

/** Recomputes a project's hourly totals (UTC hours) in `[from, until)`. Idempotent. */
export async function rollupHourly(db: DbOrTx, projectId: string, from: Date, until: Date, coveredId: number): Promise<void> {
  const start = new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS).toISOString()
  await db.execute(sql`
    insert into analytics_hourly (project_id, hour, pageviews, events, visitors, sessions)
    select project_id, date_trunc('hour', occurred_at) as hour,
      count(*) filter (where name = 'pageview'), count(*) filter (where name <> 'pageview'),
      count(distinct visitor_hash), count(distinct session_hash)
    from analytics_events
    where project_id = ${projectId} and occurred_at >= ${start}::timestamptz and occurred_at < ${until.toISOString()}::timestamptz
      and id <= ${coveredId}
    group by 1, 2
    on conflict (project_id, hour) do update set pageviews = excluded.pageviews, events = excluded.events,
      visitors = excluded.visitors, sessions = excluded.sessions`)
}

/**
 * The frequent job: every project with events its rollups do not cover yet (stored since, or
 * occurred after, its last run) is rolled up again from the local day of the earliest of: three
 * hours before its last run (writes in flight then), the earliest event stored since (backfills,
 * flushes delayed by an outage). In full when it has never been rolled up or its time zone
 * changed. Returns the projects done.
 */
export async function rollupAnalytics(db: DbOrTx, options: { now?: Date } = {}) {
  const until = new Date((options.now ?? new Date()).getTime() - SETTLE_MS)
  // Latest id and time per project are index probes (an `exists` on them would scan the table).
  const due = await db.execute<{ id: string, time_zone: string, covered_until: string | null, rolled_time_zone: string | null, filter_slices: boolean, earliest_new: string | null }>(sql`
    select id, time_zone, covered_until::text, rolled_time_zone, filter_slices,
      (select min(occurred_at) from analytics_events e where e.project_id = candidates.id and e.id > candidates.covered_id)::text as earliest_new
    from (
      select p.id, p.time_zone, s.covered_until, s.covered_id, s.time_zone as rolled_time_zone, coalesce(s.filter_slices, false) as filter_slices,
        (select max(id) from analytics_events e where e.project_id = p.id) as latest_id,
        (select max(occurred_at) from analytics_events e where e.project_id = p.id) as latest_at
      from projects p left join analytics_rollup_state s on s.project_id = p.id
    ) candidates
    where latest_id is not null
      and (covered_until is null or rolled_time_zone <> time_zone or not filter_slices or latest_id > covered_id or latest_at >= covered_until)`)
  const done: Array<{ projectId: string, fromDay: string | null, rows: number }> = []
  const failed: unknown[] = []
  for (const project of due) {
    // Also in full once for rollups made before the filter slices existed.
    const fresh = !project.covered_until || project.rolled_time_zone !== project.time_zone || !project.filter_slices
    const overlap = fresh ? 0 : new Date(project.covered_until!).getTime() - OVERLAP_MS
    const since = fresh ? undefined : new Date(Math.min(overlap, project.earliest_new ? new Date(project.earliest_new).getTime() : overlap))
    try {
      const result = await rollupProject(db, { projectId: project.id, timeZone: project.time_zone, since, until })
      done.push({ projectId: project.id, ...result })
    }
    catch (error) {
      // One project's failure (say, a time zone PostgreSQL does not know) must not hold up the others.
      failed.push(error)
    }
  }
  if (failed.length) throw new AggregateError(failed, `Rolling up analytics failed for ${failed.length} of ${due.length} projects`)
  return done
}

/**
 * The daily job: rolls up whatever is not yet, then deletes raw events older than
 * `retentionDays` (their rollups stay) and salts older than 48 hours. Idempotent.
 */
export async function purgeAnalytics(db: DbOrTx, options: { retentionDays: number, now?: Date }) {
  const now = options.now ?? new Date()
  await rollupAnalytics(db, { now })
  const cutoff = new Date(now.getTime() - options.retentionDays * 24 * HOUR_MS)
  const deleted = await db.execute<{ n: number }>(sql`
    with gone as (delete from analytics_events where occurred_at < ${cutoff.toISOString()}::timestamptz returning 1)
    select count(*)::int as n from gone`)
  const salts = await deleteExpiredSalts(db, now)
  return { events: deleted[0]?.n ?? 0, salts }
}

/** Retention of raw events in days, from `ANALYTICS_RETENTION_DAYS` (default 90). */
export function retentionDaysFromEnv(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.ANALYTICS_RETENTION_DAYS ?? 90)
  if (!Number.isInteger(value) || value < 1 || value > 3650) throw new Error('ANALYTICS_RETENTION_DAYS must be a whole number of days from 1 to 3650')
  return value
}
