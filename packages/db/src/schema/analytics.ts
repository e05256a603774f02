import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { projects } from './sites'

/**
 * One page view or custom event of a public site (P16). Only what the promise lists is kept:
 * no IP, no user agent, no query string besides UTM, and the visitor and session ids only as
 * HMACs with a daily salt that is deleted after 48 hours. Purged after ANALYTICS_RETENTION_DAYS;
 * the hourly and daily rollups stay.
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

/** Totals per project, day (in the project's time zone) and path; kept after raw events are purged. */
export const analyticsDaily = pgTable('analytics_daily', {
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  day: date().notNull(),
  /** '' for the whole site, otherwise a page path. */
  path: text().notNull(),
  pageviews: integer().notNull(),
  visitors: integer().notNull(),
  sessions: integer().notNull(),
}, table => [primaryKey({ columns: [table.projectId, table.day, table.path] })])
