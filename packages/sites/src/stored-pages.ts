import { and, eq, lt, ne, sql } from 'drizzle-orm'
import { pages, projects, storedPages, type Db, type DbOrTx } from '@flectar/db'

/**
 * Stored bytes are served for a day after their render, then rendered again: nothing in a page
 * changes by itself but the footer's year, and a day also bounds what a missed purge could cost.
 */
export const STORED_PAGE_MAX_AGE_HOURS = 24

/** Which stored page a request asks for: the site app's build, and the project's host and path. */
export interface StoredPageKey {
  projectId: string
  host: string
  /** The request path without its query string (`/es/servicios`). */
  path: string
  buildId: string
}

/** The bytes of a rendered page, as sent. */
export interface PageBytes {
  body: Buffer
  etag: string
  contentType: string
}

/**
 * What a render was made from: the page (its locale and path within it) and the versions of
 * the page and the project it read. Bytes are only ever served while both are still current.
 */
export interface RenderedFrom {
  locale: string
  pagePath: string
  pagePublishedAt: Date
  projectUpdatedAt: Date
}

// PostgreSQL keeps microseconds, a JavaScript Date milliseconds: versions compare at the latter.
const ms = (column: unknown) => sql`date_trunc('milliseconds', ${column})`
const at = (instant: Date) => sql`${instant.toISOString()}::timestamptz`

/** The published page a stored page is looked up for. */
export interface StoredPageLookup {
  locale: string
  pagePath: string
}

/**
 * One query on a memory miss: the published page's version, and its stored bytes when they
 * are still good. Undefined when the page is not published (a draft or an unpublished page is
 * never served from here). No `stored` when nothing is stored, or the bytes could be stale: the
 * page was published again, the project's settings changed (every change a page may show, a new
 * redirect or domain among them, moves the project's `updated_at`: see notifySiteChanged), or the
 * render is older than STORED_PAGE_MAX_AGE_HOURS. The version read here, before the page itself
 * is read for a render, is the one that render is stored under: if the page changed in between,
 * the row is stale on arrival and never served.
 *
 * A redirect made from a path needs no check of its own here: it moved the project's version,
 * so nothing stored before it is served, and the site app looks redirects up before it renders,
 * so nothing is rendered (and stored) for that path after it.
 *
 * This runs on every memory miss of every site instance, so it is written for postgres.js
 * directly (a named prepared statement, rows as they come): through Drizzle's query builder and
 * its row mapping the same query ran at about two-thirds of the rate.
 */
export async function lookUpStoredPage(db: Db, key: StoredPageKey, page: StoredPageLookup): Promise<{ pagePublishedAt: Date, stored?: PageBytes } | undefined> {
  const [row] = await db.$client<LookUpRow[]>`
    select p.published_at, s.body, s.etag, s.content_type
    from pages p
    join projects j on j.id = p.project_id
    left join stored_pages s on s.project_id = p.project_id and s.host = ${key.host} and s.path = ${key.path}
      and s.build_id = ${key.buildId} and s.locale = p.locale and s.page_path = p.path
      and s.page_published_at = date_trunc('milliseconds', p.published_at)
      and s.project_updated_at = date_trunc('milliseconds', j.updated_at)
      and s.rendered_at > now() - make_interval(hours => ${STORED_PAGE_MAX_AGE_HOURS})
    where p.project_id = ${key.projectId} and p.locale = ${page.locale} and p.path = ${page.pagePath} and p.published is not null
    limit 1`
  if (!row?.published_at) return undefined
  return { pagePublishedAt: new Date(row.published_at), stored: row.body === null ? undefined : { body: Buffer.from(row.body), etag: row.etag!, contentType: row.content_type! } }
}

interface LookUpRow {
  /** As PostgreSQL writes it: Drizzle keeps postgres.js from parsing dates, to map them itself. */
  published_at: string | null
  body: string | null
  etag: string | null
  content_type: string | null
}

/**
 * Keeps a page's rendered bytes for every instance (replacing an older render of the same
 * page) and drops what other builds stored for it, so a deploy leaves one row per page behind.
 * Nothing is stored when the page or the project changed since `from` was read: such a render
 * may already be stale, and the next request renders again.
 */
export async function storeRenderedPage(db: DbOrTx, key: StoredPageKey, from: RenderedFrom, page: PageBytes): Promise<boolean> {
  const stored = await db.insert(storedPages)
    .select(db.select({
      projectId: sql`${key.projectId}::uuid`.as('project_id'),
      host: sql`${key.host}`.as('host'),
      path: sql`${key.path}`.as('path'),
      buildId: sql`${key.buildId}`.as('build_id'),
      locale: sql`${from.locale}`.as('locale'),
      pagePath: sql`${from.pagePath}`.as('page_path'),
      pagePublishedAt: at(from.pagePublishedAt).as('page_published_at'),
      projectUpdatedAt: at(from.projectUpdatedAt).as('project_updated_at'),
      contentType: sql`${page.contentType}`.as('content_type'),
      etag: sql`${page.etag}`.as('etag'),
      body: sql`${page.body.toString()}`.as('body'),
      renderedAt: sql`now()`.as('rendered_at'),
    })
      .from(pages)
      .innerJoin(projects, eq(projects.id, pages.projectId))
      .where(and(
        eq(pages.projectId, key.projectId),
        eq(pages.locale, from.locale),
        eq(pages.path, from.pagePath),
        eq(ms(pages.publishedAt), at(from.pagePublishedAt)),
        eq(ms(projects.updatedAt), at(from.projectUpdatedAt)),
      )))
    .onConflictDoUpdate({
      target: [storedPages.projectId, storedPages.host, storedPages.path, storedPages.buildId],
      set: {
        locale: sql`excluded.locale`,
        pagePath: sql`excluded.page_path`,
        pagePublishedAt: sql`excluded.page_published_at`,
        projectUpdatedAt: sql`excluded.project_updated_at`,
        contentType: sql`excluded.content_type`,
        etag: sql`excluded.etag`,
        body: sql`excluded.body`,
        renderedAt: sql`excluded.rendered_at`,
      },
    })
    .returning({ path: storedPages.path })
  if (stored.length === 0) return false
  await db.delete(storedPages).where(and(
    eq(storedPages.projectId, key.projectId),
    eq(storedPages.host, key.host),
    eq(storedPages.path, key.path),
    ne(storedPages.buildId, key.buildId),
  ))
  return true
}

/**
 * Drops a project's stored pages, or only those of one page (its locale and path), inside the
 * transaction that changes them (`notifySiteChanged`): stale rows would not be served anyway,
 * this keeps them from taking space.
 */
export async function deleteStoredPages(db: DbOrTx, projectId: string, page?: { locale: string, path: string }): Promise<void> {
  await db.delete(storedPages).where(page
    ? and(eq(storedPages.projectId, projectId), eq(storedPages.locale, page.locale), eq(storedPages.pagePath, page.path))
    : eq(storedPages.projectId, projectId))
}

/** Deletes stored pages too old to be served (STORED_PAGE_MAX_AGE_HOURS); returns how many. Idempotent. */
export async function pruneStoredPages(db: DbOrTx, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - STORED_PAGE_MAX_AGE_HOURS * 3600_000)
  const removed = await db.delete(storedPages).where(lt(storedPages.renderedAt, cutoff)).returning({ path: storedPages.path })
  return removed.length
}
