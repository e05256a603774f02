import { and, eq, isNotNull, lt, ne, sql } from 'drizzle-orm'
import { pages, projects, redirects, storedPages, type Db, type DbOrTx } from '@flectar/db'

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
 * page was published again, the project's settings changed, a redirect now starts at this
 * path, or the render is older than STORED_PAGE_MAX_AGE_HOURS. The version read here, before
 * the page itself is read for a render, is the one that render is stored under: if the page
 * changed in between, the row is stale on arrival and never served.
 */
export async function lookUpStoredPage(db: Db, key: StoredPageKey, page: StoredPageLookup): Promise<{ pagePublishedAt: Date, stored?: PageBytes } | undefined> {
  const [row] = await lookUpQuery(db).execute({ ...key, locale: page.locale, pagePath: page.pagePath })
  if (!row?.pagePublishedAt) return undefined
  return { pagePublishedAt: row.pagePublishedAt, stored: row.body === null ? undefined : { body: Buffer.from(row.body), etag: row.etag!, contentType: row.contentType! } }
}

// Prepared once per pool: a stored page is read on every memory miss, so PostgreSQL plans it once.
const lookUpQueries = new WeakMap<Db, ReturnType<typeof prepareLookUp>>()
const lookUpQuery = (db: Db) => lookUpQueries.get(db) ?? lookUpQueries.set(db, prepareLookUp(db)).get(db)!

function prepareLookUp(db: Db) {
  const param = (name: keyof StoredPageKey | keyof StoredPageLookup) => sql.placeholder(name)
  return db.select({ pagePublishedAt: pages.publishedAt, body: storedPages.body, etag: storedPages.etag, contentType: storedPages.contentType })
    .from(pages)
    .innerJoin(projects, eq(projects.id, pages.projectId))
    .leftJoin(storedPages, and(
      eq(storedPages.projectId, pages.projectId),
      eq(storedPages.host, param('host')),
      eq(storedPages.path, param('path')),
      eq(storedPages.buildId, param('buildId')),
      eq(storedPages.locale, pages.locale),
      eq(storedPages.pagePath, pages.path),
      eq(storedPages.pagePublishedAt, ms(pages.publishedAt)),
      eq(storedPages.projectUpdatedAt, ms(projects.updatedAt)),
      sql`${storedPages.renderedAt} > now() - make_interval(hours => ${sql.raw(String(STORED_PAGE_MAX_AGE_HOURS))})`,
      sql`not exists (select 1 from ${redirects} where ${redirects.projectId} = ${pages.projectId} and ${redirects.fromPath} = ${param('path')})`,
    ))
    .where(and(eq(pages.projectId, param('projectId')), eq(pages.locale, param('locale')), eq(pages.path, param('pagePath')), isNotNull(pages.published)))
    .limit(1)
    .prepare('look_up_stored_page')
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
