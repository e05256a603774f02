import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { projects } from './sites'

/**
 * A published page rendered to HTML once and kept for every site instance (`@flectar/sites`
 * stored-pages). Keyed by the site app's build, so a deploy never serves the old markup, and by
 * the host, because the canonical and og:url links carry it. A row is served only while the
 * page's `published_at` and the project's `updated_at` are still the ones it was rendered from.
 */
export const storedPages = pgTable('stored_pages', {
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  host: text().notNull(),
  /** The request path it answers (`/es/servicios`); `locale` and `pagePath` name the page. */
  path: text().notNull(),
  buildId: text().notNull(),
  locale: text().notNull(),
  pagePath: text().notNull(),
  /** Millisecond copies of `pages.published_at` and `projects.updated_at` at render time. */
  pagePublishedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  projectUpdatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  contentType: text().notNull(),
  etag: text().notNull(),
  /** The HTML as sent (text: PostgreSQL hands text over several times faster than hex-encoded bytea). */
  body: text().notNull(),
  renderedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  primaryKey({ columns: [table.projectId, table.host, table.path, table.buildId] }),
  index('stored_pages_page_idx').on(table.projectId, table.locale, table.pagePath),
  index('stored_pages_rendered_idx').on(table.renderedAt),
])
