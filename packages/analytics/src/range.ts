import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { dateText, plainText } from '@flectar/validation'
import type { DbOrTx } from '@flectar/db'

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
  // Days in 1900–2200: 0001-01-01 to 9999-12-31 put the previous period before what PostgreSQL's dates hold.
  from: dateText().optional(),
  to: dateText().optional(),
  // Compared with stored values as sent; a NUL would reach PostgreSQL.
  ...Object.fromEntries(FILTER_DIMENSIONS.map(name => [name, plainText({ max: 512 }).optional()])) as Record<FilterDimension, z.ZodOptional<z.ZodString>>,
}).refine(query => query.range !== 'custom' || (query.from && query.to && query.from <= query.to), { message: 'A custom range needs from ≤ to', path: ['from'] })
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>
export type Filters = Partial<Record<FilterDimension, string>>

export interface ResolvedRange {
  /** Start of the first local day. */
  from: Date
  /** Start of the local day after the last one. */
  to: Date
  /** Start of the previous period: as many local days, ending where this range starts. */
  previousFrom: Date
  interval: 'hour' | 'day'
  timeZone: string
  /** The same as local dates (`YYYY-MM-DD`), both ends included. */
  days: { from: string, to: string, previousFrom: string, previousTo: string }
}

/**
 * The range's bounds in the project's time zone: whole local days, ending at the end of today.
 * The previous period is the same number of local days before it (so it lines up with the
 * daily rollups across daylight-saving changes).
 */
export async function resolveRange(db: DbOrTx, query: Pick<DashboardQuery, 'range' | 'from' | 'to'>, timeZone: string, now = new Date()): Promise<ResolvedRange> {
  const days = { 'today': 1, '7d': 7, '30d': 30, '90d': 90, 'custom': 0 }[query.range]
  const [row] = await db.execute<{ from_day: string, to_day: string, previous_from_day: string, previous_to_day: string, from: string, to: string, previous_from: string }>(sql`
    with d as (
      select ${query.range === 'custom' ? sql`${query.from!}::date` : sql`(${now.toISOString()}::timestamptz at time zone ${timeZone})::date - ${days - 1}::int`} as from_day,
        ${query.range === 'custom' ? sql`${query.to!}::date` : sql`(${now.toISOString()}::timestamptz at time zone ${timeZone})::date`} as to_day
    )
    select from_day::text as from_day, to_day::text as to_day,
      (from_day - (to_day - from_day + 1))::text as previous_from_day, (from_day - 1)::text as previous_to_day,
      (from_day::timestamp at time zone ${timeZone})::text as from,
      ((to_day + 1)::timestamp at time zone ${timeZone})::text as to,
      ((from_day - (to_day - from_day + 1))::timestamp at time zone ${timeZone})::text as previous_from
    from d`)
  const from = new Date(row!.from)
  const to = new Date(row!.to)
  return {
    from,
    to,
    previousFrom: new Date(row!.previous_from),
    interval: to.getTime() - from.getTime() <= 36 * 3600 * 1000 ? 'hour' : 'day',
    timeZone,
    days: { from: row!.from_day, to: row!.to_day, previousFrom: row!.previous_from_day, previousTo: row!.previous_to_day },
  }
}

export function filtersOf(query: Partial<DashboardQuery>): Filters {
  return Object.fromEntries(FILTER_DIMENSIONS.filter(name => typeof query[name] === 'string').map(name => [name, query[name]])) as Filters
}
