import { sql } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import { deleteExpiredSalts } from './salts'

const HOUR_MS = 60 * 60 * 1000

export interface RollupWindow {
  /** Recompute buckets from this moment (rounded down to the hour / day)… */
  from: Date
  /** …up to now (or this moment). */
  to?: Date
}

/**
 * Recomputes the hourly totals (UTC hours) for every project with events in the window.
 * Idempotent: rows are replaced, never added to, so reruns and overlapping runs agree.
 */
export async function rollupHourly(db: DbOrTx, window: RollupWindow): Promise<number> {
  const from = new Date(Math.floor(window.from.getTime() / HOUR_MS) * HOUR_MS).toISOString()
  const to = (window.to ?? new Date()).toISOString()
  const rows = await db.execute<{ project_id: string }>(sql`
    insert into analytics_hourly (project_id, hour, pageviews, events, visitors, sessions)
    select project_id, date_trunc('hour', occurred_at) as hour,
      count(*) filter (where name = 'pageview'), count(*) filter (where name <> 'pageview'),
      count(distinct visitor_hash), count(distinct session_hash)
    from analytics_events
    where occurred_at >= ${from}::timestamptz and occurred_at < ${to}::timestamptz
    group by 1, 2
    on conflict (project_id, hour) do update set pageviews = excluded.pageviews, events = excluded.events,
      visitors = excluded.visitors, sessions = excluded.sessions
    returning project_id`)
  return rows.length
}

/**
 * Recomputes the daily totals, per day in each project's time zone, for the whole site
 * (path '') and per page. Days are recomputed whole, so the window is widened to the
 * enclosing days. Idempotent.
 */
export async function rollupDaily(db: DbOrTx, window: RollupWindow): Promise<number> {
  const from = window.from.toISOString()
  const to = (window.to ?? new Date()).toISOString()
  const rows = await db.execute<{ project_id: string }>(sql`
    with days as (
      select distinct e.project_id, (e.occurred_at at time zone p.time_zone)::date as day, p.time_zone
      from analytics_events e join projects p on p.id = e.project_id
      where e.occurred_at >= ${from}::timestamptz and e.occurred_at < ${to}::timestamptz
    ), scoped as (
      select e.*, d.day from days d join analytics_events e on e.project_id = d.project_id
        and e.occurred_at >= (d.day::timestamp at time zone d.time_zone)
        and e.occurred_at < ((d.day + 1)::timestamp at time zone d.time_zone)
    )
    insert into analytics_daily (project_id, day, path, pageviews, visitors, sessions)
    select project_id, day, '', count(*) filter (where name = 'pageview'), count(distinct visitor_hash), count(distinct session_hash)
    from scoped group by project_id, day
    union all
    select project_id, day, path, count(*), count(distinct visitor_hash), count(distinct session_hash)
    from scoped where name = 'pageview' group by project_id, day, path
    on conflict (project_id, day, path) do update set pageviews = excluded.pageviews, visitors = excluded.visitors,
      sessions = excluded.sessions
    returning project_id`)
  return rows.length
}

/** The frequent job: the last `hours` hours (default 3, so a late flush is still counted). */
export async function runRecentRollup(db: DbOrTx, now = new Date(), hours = 3) {
  const from = new Date(now.getTime() - hours * HOUR_MS)
  return { hourly: await rollupHourly(db, { from, to: now }), daily: await rollupDaily(db, { from, to: now }) }
}

/**
 * The daily job: deletes raw events older than `retentionDays` (their rollups stay) and salts
 * older than 48 hours. The days about to go are rolled up once more first. Idempotent.
 */
export async function purgeAnalytics(db: DbOrTx, options: { retentionDays: number, now?: Date }) {
  const now = options.now ?? new Date()
  const cutoff = new Date(now.getTime() - options.retentionDays * 24 * HOUR_MS)
  const oldest = await db.execute<{ at: string | null }>(sql`select min(occurred_at)::text as at from analytics_events`)
  const first = oldest[0]?.at ? new Date(oldest[0].at) : undefined
  if (first && first < cutoff) {
    const window = { from: first, to: new Date(cutoff.getTime() + 48 * HOUR_MS) }
    await rollupHourly(db, window)
    await rollupDaily(db, window)
  }
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
