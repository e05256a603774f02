import { sql } from 'drizzle-orm'
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { projects } from './sites'

/**
 * One page view or custom event of a public site (P16). Only what the promise lists is kept:
 * no IP, no user agent, no query string besides UTM, and the visitor and session ids only as
 * HMACs with a daily salt that is deleted after 48 hours. Purged after ANALYTICS_RETENTION_DAYS;
 * the rollups (`analytics_rollups`, `analytics_hourly`) stay.
 */
export const analyticsEvents = pgTable('analytics_events', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** `pageview`, or the name of a custom event sent with `flectar('event', name, props)`. */
  name: text().notNull(),
  /** Path only, without query string or fragment. */
  path: text().notNull(),
  visitorHash: text().notNull(),
  sessionHash: text().notNull(),
  referrerHost: text(),
  utmSource: text(),
  utmMedium: text(),
  utmCampaign: text(),
  language: text(),
  /** desktop, mobile or tablet. */
  device: text().notNull(),
  browser: text().notNull(),
  os: text().notNull(),
  /** ISO 3166 alpha-2 code from the hosting provider's header, when there is one. */
  country: text(),
  /** Custom event properties (short strings and numbers only). */
  props: jsonb().$type<Record<string, string | number | boolean>>(),
}, table => [
  index('analytics_events_occurred_brin').using('brin', table.occurredAt),
  index('analytics_events_project_occurred_idx').on(table.projectId, table.occurredAt),
  // The rollup job looks up every earlier event of the visitors and sessions it recomputes.
  index('analytics_events_project_visitor_idx').on(table.projectId, table.visitorHash),
  index('analytics_events_project_session_idx').on(table.projectId, table.sessionHash),
  // Events stored since the last rollup, whenever they occurred (backfills, delayed flushes).
  index('analytics_events_project_id_idx').on(table.projectId, table.id),
  // Goals and the booking funnel read only custom events, a small share of all events.
  index('analytics_events_project_custom_idx').on(table.projectId, table.name, table.occurredAt).where(sql`name <> 'pageview'`),
])

/** The random salt of one UTC day; deleted 48 hours after it was created so hashes cannot be redone. */
export const analyticsSalts = pgTable('analytics_salts', {
  day: date().primaryKey(),
  salt: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** Totals per project and hour (UTC), recomputed by the rollup job; kept after raw events are purged. */
export const analyticsHourly = pgTable('analytics_hourly', {
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  hour: timestamp({ withTimezone: true }).notNull(),
  pageviews: integer().notNull(),
  events: integer().notNull(),
  visitors: integer().notNull(),
  sessions: integer().notNull(),
}, table => [primaryKey({ columns: [table.projectId, table.hour] })])

/**
 * The dashboard's numbers over whole local days (the project's time zone), in a form that adds up
 * exactly over any date range, distinct visitors and sessions included: a row counts towards a
 * range `[from, to]` exactly when the range contains all of `[first_day, last_day]`. Single-day
 * rows carry a day's counts; rows over several days carry signed corrections for visitors and
 * sessions seen on more than one day (see `packages/analytics/src/rollup-rows.ts`). Rebuilt from
 * raw events by the rollup job (rows with `last_day` on or after the first day it recomputes)
 * and kept after raw events are purged.
 *
 * The same rows exist per slice of the events by one filter dimension's value (`filter_dimension`,
 * `filter_value`), so a dashboard with one filter set reads rollups too. Counts only, no hashes.
 */
export const analyticsRollups = pgTable('analytics_rollups', {
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  /** '' for all events, otherwise the filter dimension the events are sliced by: path, country, … */
  filterDimension: text().notNull().default(''),
  /** The events' value of `filter_dimension` ('' for none, as a filter on '' means). */
  filterValue: text().notNull().default(''),
  /** '' for the whole site, otherwise a breakdown: path, entry, exit, source, referrer, utmSource, …, goal. */
  dimension: text().notNull(),
  /** The dimension's value ('' for none: direct traffic, unknown country, …). */
  value: text().notNull(),
  firstDay: date().notNull(),
  lastDay: date().notNull(),
  visitors: integer().notNull(),
  /** Page views; for goals the number of events; unused for entry, exit and source. */
  pageviews: integer().notNull(),
  /** Sessions (whole site) or sessions entering, leaving or arriving from the value (entry, exit, source). */
  sessions: integer().notNull(),
  /** Sessions with at most one page view (whole site only). */
  bounces: integer().notNull(),
  /** Total session length in microseconds (whole site only). */
  durationMicros: bigint({ mode: 'bigint' }).notNull(),
}, table => [primaryKey({ name: 'analytics_rollups_pk', columns: [table.projectId, table.filterDimension, table.filterValue, table.lastDay, table.firstDay, table.dimension, table.value] })])

/**
 * How far each project's rollups go: the events with an id up to `covered_id` that occurred
 * before `covered_until`, counted in local days of `time_zone`. The dashboard adds the others.
 */
export const analyticsRollupState = pgTable('analytics_rollup_state', {
  projectId: uuid().primaryKey().references(() => projects.id, { onDelete: 'cascade' }),
  coveredUntil: timestamp({ withTimezone: true }).notNull(),
  coveredId: bigint({ mode: 'number' }).notNull(),
  timeZone: text().notNull(),
  /** Whether the rollups per filter slice cover every day the unfiltered ones do (rebuilt in full since they exist). */
  filterSlices: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
