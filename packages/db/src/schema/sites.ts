import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { organizations } from './orgs'

export const projects = pgTable('projects', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  /** Global: it is the project's subdomain on the platform domain. */
  slug: text().notNull().unique(),
  timeZone: text().notNull().default('UTC'),
  defaultLocale: text().notNull().default('en'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('projects_org_idx').on(table.orgId),
])

/** A block as stored: its type and its content, validated by the block registry. */
export interface StoredBlock {
  id: string
  type: string
  content: Record<string, unknown>
}

export interface PageContent {
  title: string
  blocks: StoredBlock[]
}

export const pages = pgTable('pages', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  locale: text().notNull(),
  /** '/' for the home page, '/about', '/services/cuts' for nested pages. */
  path: text().notNull(),
  draft: jsonb().$type<PageContent>().notNull(),
  /** What visitors see; null until the page is first published. */
  published: jsonb().$type<PageContent>(),
  publishedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('pages_project_locale_path_unique').on(table.projectId, table.locale, table.path),
  index('pages_org_idx').on(table.orgId),
])
