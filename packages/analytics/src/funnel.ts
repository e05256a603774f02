import { sql } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import type { Filters } from './range'
import { eventsIn, filterSql } from './raw-queries'
import { SOURCE_SQL } from './rollup-rows'

/** The built-in booking funnel: a visit, then these custom events (sent by the booking flow), in order. */
export const BOOKING_FUNNEL = ['pageview', 'booking_started', 'booking_confirmed'] as const
export type FunnelStepName = (typeof BOOKING_FUNNEL)[number]

export type GoalRow = {
  /** The custom event's name (`flectar('event', name)`). */
  name: string
  /** Unique visitors who sent it. */
  visitors: number
  /** How many times it was sent. */
  events: number
  /** Visitors who sent it, in % of all visitors. */
  conversionRate: number
}

export type FunnelStep = {
  name: FunnelStepName
  visitors: number
  sessions: number
  /** Visitors at this step, in % of the first step's. */
  conversionRate: number
}

export type FunnelSource = {
  /** The session's UTM source, else its referrer host; '' for direct. */
  source: string
  steps: FunnelStep[]
  /** Paid online by the confirmed bookings of these sessions, in the project currency's minor units. */
  revenue: number
}

export type Funnel = { steps: FunnelStep[], sources: FunnelSource[], revenue: number }

/** Per source (and `total`), visitors and sessions of a funnel step; `revenue` for the last. */
export type StepCounts = { total: boolean, source: string, visitors: number, sessions: number, revenue?: number }

/**
 * The amount a `booking_confirmed` event carries (the booking page sends what was paid online,
 * once per booking): a whole number of minor units up to 10^9, else nothing, since beacons are
 * whatever a browser sends.
 */
const PAID_AMOUNT_SQL = `case when jsonb_typeof(c.props->'amount') = 'number' and (c.props->>'amount') ~ '^[0-9]{1,9}$' then (c.props->>'amount')::bigint else 0 end`

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0)

export function goalRows(rows: Array<{ name: string, visitors: number, events: number }>, totalVisitors: number): GoalRow[] {
  return rows.map(row => ({ ...row, conversionRate: percent(row.visitors, totalVisitors) }))
}

/** Custom events over `[from, to)` with the unique visitors who sent them, from raw events. */
export async function queryGoals(db: DbOrTx, projectId: string, from: Date, to: Date, filters: Filters = {}, limit = 20) {
  return [...await db.execute<{ name: string, visitors: number, events: number }>(sql`
    select name, count(distinct visitor_hash)::int as visitors, count(*)::int as events
    from (${eventsIn(projectId, from, to, filters)}) ev where name <> 'pageview'
    group by name order by visitors desc, events desc, name limit ${limit}`)]
}

/**
 * Sessions (and their visitors, by source) that sent `booking_started` in `[from, to)`, and those
 * that then sent `booking_confirmed`. Reads only custom events and the first event of the
 * sessions concerned (indexed), so it stays cheap on any amount of traffic. A session's visitor
 * and source are those of its first event in the range.
 */
export async function queryFunnelConversions(db: DbOrTx, projectId: string, from: Date, to: Date, filters: Filters = {}) {
  const within = sql`project_id = ${projectId} and occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz${filterSql(filters)}`
  return [...await db.execute<StepCounts & { step: 2 | 3 }>(sql`
    with started as (
      select session_hash, min(occurred_at) as at from analytics_events where ${within} and name = 'booking_started' group by session_hash
    ), confirmed_bookings as (
      select distinct on (c.session_hash, coalesce(c.props->>'booking', c.id::text)) c.session_hash, ${sql.raw(PAID_AMOUNT_SQL)} as amount
      from analytics_events c join started s on s.session_hash = c.session_hash
      where ${within} and c.name = 'booking_confirmed' and c.occurred_at >= s.at
    ), confirmed as (
      select session_hash, sum(amount) as revenue from confirmed_bookings group by session_hash
    ), firsts as (
      select distinct on (session_hash) session_hash, visitor_hash, ${sql.raw(SOURCE_SQL)} as source from analytics_events
      where ${within} and session_hash in (select session_hash from started) order by session_hash, occurred_at, id
    ), steps as (
      select 2 as step, f.*, 0::bigint as revenue from firsts f
      union all select 3, f.*, c.revenue from firsts f join confirmed c on c.session_hash = f.session_hash
    )
    select step, grouping(source) = 1 as total, coalesce(source, '') as source, count(distinct visitor_hash)::int as visitors, count(*)::int as sessions, coalesce(sum(revenue), 0)::bigint::int as revenue
    from steps group by grouping sets ((step, source), (step))`)]
}

/** The first step (visitors and sessions in the range, by source) from raw events. */
export async function queryFunnelVisits(db: DbOrTx, projectId: string, from: Date, to: Date, filters: Filters = {}): Promise<StepCounts[]> {
  return [...await db.execute<StepCounts>(sql`
    with ev as (${eventsIn(projectId, from, to, filters)}),
    firsts as (select distinct on (session_hash) session_hash, visitor_hash, ${sql.raw(SOURCE_SQL)} as source from ev order by session_hash, occurred_at, id)
    select false as total, source, count(distinct visitor_hash)::int as visitors, count(*)::int as sessions from firsts group by source
    union all
    select true, '', (select count(distinct visitor_hash) from ev)::int, (select count(*) from firsts)::int`)]
}

/**
 * The funnel from its first step and its conversions: overall, and for the ten sources with the
 * most confirmed bookings (then started ones, then visitors).
 */
export function assembleFunnel(visits: StepCounts[], conversions: Array<StepCounts & { step: 2 | 3 }>): Funnel {
  const counts = (rows: StepCounts[], source: string | undefined) =>
    rows.find(row => (source === undefined ? row.total : !row.total && row.source === source)) ?? { visitors: 0, sessions: 0 }
  const stepsOf = (source: string | undefined): FunnelStep[] => {
    const first = counts(visits, source)
    return BOOKING_FUNNEL.map((name, index) => {
      const { visitors, sessions } = index === 0 ? first : counts(conversions.filter(row => row.step === index + 1), source)
      return { name, visitors, sessions, conversionRate: index === 0 ? (visitors ? 100 : 0) : percent(visitors, first.visitors) }
    })
  }
  const revenueOf = (source: string | undefined) => conversions.find(row => row.step === 3 && (source === undefined ? row.total : !row.total && row.source === source))?.revenue ?? 0
  const sources = [...new Set(visits.filter(row => !row.total).map(row => row.source))]
    .map(source => ({ source, steps: stepsOf(source), revenue: revenueOf(source) }))
    .sort((a, b) => (b.steps[2]!.sessions - a.steps[2]!.sessions) || (b.steps[1]!.sessions - a.steps[1]!.sessions)
      || (b.steps[0]!.visitors - a.steps[0]!.visitors) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
    .slice(0, 10)
  return { steps: stepsOf(undefined), sources, revenue: revenueOf(undefined) }
}
