import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './accounts'
import { organizations } from './orgs'

/** A link in the header or footer; one level of children. */
export interface NavigationLink {
  label: string
  href: string
  children?: NavigationLink[]
}

/** The first navigation shape: what templates write, and sites made before version 2 store. */
export interface LegacyProjectNavigation {
  header: NavigationLink[]
  footer: NavigationLink[]
}

/** Version 2 (per-locale menus of typed links, footer details): read with `readSiteNavigation` of @flectar/sites, which takes either shape. */
export type ProjectNavigation = LegacyProjectNavigation | { version: 2, menus: Record<string, unknown>, footer: Record<string, unknown> }

/** Colours, fonts, radius and mode; validated by the block registry's theme schema. */
export type ProjectTheme = Record<string, unknown>

export interface ProjectBranding {
  logo?: { url: string, alt: string }
  favicon?: { url: string }
  socialImage?: { url: string, alt: string }
}

/** Who the site is for, from the onboarding wizard: fills the templates' `{{business.*}}` placeholders, the footer and the JSON-LD. */
export interface ProjectBusiness {
  /** Street, postcode and town, one line each. */
  address?: string
  phone?: string
  email?: string
}

export const projects = pgTable('projects', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  /** Global: it is the project's subdomain on the platform domain. */
  slug: text().notNull().unique(),
  timeZone: text().notNull().default('UTC'),
  defaultLocale: text().notNull().default('en'),
  /** Locales besides the default one, each served under `/<locale>/…`. */
  extraLocales: text().array().notNull().default(sql`'{}'::text[]`),
  theme: jsonb().$type<ProjectTheme>().notNull().default({}),
  navigation: jsonb().$type<ProjectNavigation>().notNull().default({ header: [], footer: [] }),
  branding: jsonb().$type<ProjectBranding>().notNull().default({}),
  /** Modules switched on: bookings, listings, menu, blog, linkHub, files, messages, analytics. */
  modules: text().array().notNull().default(sql`'{}'::text[]`),
  /** Analytics without any browser storage: the server derives a daily visitor hash instead. */
  analyticsCookieless: boolean().notNull().default(false),
  /** The template the project started from, if any. */
  templateKey: text(),
  business: jsonb().$type<ProjectBusiness>().notNull().default({}),
  /** ISO 4217: what new services cost in and how templates' prices are written. */
  currency: text().notNull().default('EUR'),
  /** Null while the site is a draft (visitors get a "coming soon" page); set on its first publish. */
  sitePublishedAt: timestamp({ withTimezone: true }),
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

export interface PageSeo {
  metaTitle?: string
  metaDescription?: string
  socialImage?: { url: string, alt: string }
  canonical?: string
  noindex?: boolean
}

export interface PageContent {
  title: string
  seo?: PageSeo
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
  /** Bumped on every draft save; an editor saving an older version gets a 409. */
  draftVersion: integer().notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('pages_project_locale_path_unique').on(table.projectId, table.locale, table.path),
  index('pages_org_idx').on(table.orgId),
])

/** Every published version of a page, for history and restore. */
export const pageRevisions = pgTable('page_revisions', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  pageId: uuid().notNull().references(() => pages.id, { onDelete: 'cascade' }),
  content: jsonb().$type<PageContent>().notNull(),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('page_revisions_page_idx').on(table.pageId, table.createdAt),
])

export const mediaAssets = pgTable('media_assets', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  storageKey: text().notNull().unique(),
  filename: text().notNull(),
  contentType: text().notNull(),
  sizeBytes: integer().notNull(),
  width: integer(),
  height: integer(),
  alt: text().notNull().default(''),
  /** Private files are reached only through short-lived signed URLs. */
  private: boolean().notNull().default(false),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('media_assets_project_idx').on(table.projectId, table.createdAt),
])

/**
 * A project's claim on a host name. Unverified claims do not block anyone: several projects
 * may claim a host, each with its own token, and expire after 7 days. Only one row per host
 * can be verified; that one serves the host.
 */
export const projectDomains = pgTable('project_domains', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  /** Lower-cased host name, no port: `www.lumen-hair.es`. */
  hostname: text().notNull(),
  /** Put in a DNS TXT record or served at /.well-known/flectar-verification. */
  verificationToken: text().notNull(),
  verifiedAt: timestamp({ withTimezone: true }),
  isPrimary: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('project_domains_project_idx').on(table.projectId),
  uniqueIndex('project_domains_hostname_project_unique').on(table.hostname, table.projectId),
  uniqueIndex('project_domains_verified_hostname_unique').on(table.hostname).where(sql`verified_at is not null`),
])

export const redirects = pgTable('redirects', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  fromPath: text().notNull(),
  toPath: text().notNull(),
  statusCode: smallint().notNull().default(301),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('redirects_project_from_unique').on(table.projectId, table.fromPath),
])
