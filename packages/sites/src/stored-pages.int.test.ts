import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { organizations, pages, projects, storedPages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { publishPage, unpublishPage } from './pages'
import { updateProject } from './projects'
import { PRUNE_STORED_PAGES_QUEUE, startSiteJobs } from './jobs'
import type { ProjectScope } from './project-scope'
import { createRedirect } from './redirects'
import { lookUpStoredPage, pruneStoredPages, storeRenderedPage, type StoredPageKey } from './stored-pages'

const CONTENT = { title: 'About', blocks: [] }
const bytes = (html: string) => ({ body: Buffer.from(html), etag: `"${html.length}"`, contentType: 'text/html;charset=utf-8' })

describe('pages stored as rendered bytes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  let aboutId: string

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Stored', slug: 'stored' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Stored', slug: 'stored-site', timeZone: 'UTC', defaultLocale: 'en' }).returning()
    scope = { orgId: org!.id, projectId: project!.id }
    const inserted = await database.db.insert(pages).values(['/', '/about'].map(path => ({ orgId: scope.orgId, projectId: scope.projectId, locale: 'en', path, draft: CONTENT, published: CONTENT, publishedAt: sql`now()` }))).returning()
    aboutId = inserted.find(page => page.path === '/about')!.id
  })
  afterAll(() => database.drop())
  beforeEach(() => database.db.delete(storedPages))

  const keyOf = (path: string, buildId = 'build-1'): StoredPageKey => ({ projectId: scope.projectId, host: 'stored-site.localhost', path, buildId })
  const lookUp = (path: string, buildId?: string) => lookUpStoredPage(database.db, keyOf(path, buildId), { locale: 'en', pagePath: path })
  /** Renders `path` as the site app does: the versions read first, then stored under them. */
  async function render(path: string, html: string, buildId?: string) {
    const found = await lookUp(path, buildId)
    const [project] = await database.db.select({ updatedAt: projects.updatedAt }).from(projects).where(eq(projects.id, scope.projectId))
    return await storeRenderedPage(database.db, keyOf(path, buildId), { locale: 'en', pagePath: path, pagePublishedAt: found!.pagePublishedAt, projectUpdatedAt: project!.updatedAt }, bytes(html))
  }
  const rowsOf = (path: string) => database.db.select({ buildId: storedPages.buildId }).from(storedPages).where(and(eq(storedPages.projectId, scope.projectId), eq(storedPages.path, path)))

  it('serves what was stored for the same build and host, and nothing to another build', async () => {
    expect((await lookUp('/about'))?.stored).toBeUndefined()
    expect(await render('/about', '<p>about v1</p>')).toBe(true)
    const found = await lookUp('/about')
    expect(found?.stored?.body.toString()).toBe('<p>about v1</p>')
    expect(found?.stored?.etag).toBe('"15"')
    expect((await lookUp('/about', 'build-2'))?.stored).toBeUndefined()
    expect(await lookUpStoredPage(database.db, { ...keyOf('/about'), host: 'other.example' }, { locale: 'en', pagePath: '/about' }).then(row => row?.stored)).toBeUndefined()
  })

  it('keeps one row per page across deploys: a new build\'s render replaces the old build\'s', async () => {
    await render('/about', '<p>old build</p>', 'build-1')
    await render('/about', '<p>new build</p>', 'build-2')
    expect(await rowsOf('/about')).toEqual([{ buildId: 'build-2' }])
    expect((await lookUp('/about', 'build-2'))?.stored?.body.toString()).toBe('<p>new build</p>')
  })

  it('never serves an unpublished page, even when its bytes are still stored', async () => {
    await render('/about', '<p>about</p>')
    // As if the purge were lost: the page is unpublished behind the stored row's back.
    await database.db.update(pages).set({ published: null, publishedAt: null }).where(eq(pages.id, aboutId))
    expect(await rowsOf('/about')).toHaveLength(1)
    expect(await lookUp('/about')).toBeUndefined()
    await publishPage(database.db, scope, aboutId, SYSTEM_ACTOR)
  })

  it('publishing a page drops its stored bytes and no other page\'s; a render read before the publish is not stored', async () => {
    await render('/', '<p>home</p>')
    await render('/about', '<p>about v1</p>')
    const before = await lookUp('/about')
    const [project] = await database.db.select({ updatedAt: projects.updatedAt }).from(projects).where(eq(projects.id, scope.projectId))
    await publishPage(database.db, scope, aboutId, SYSTEM_ACTOR)
    expect(await rowsOf('/about')).toEqual([])
    expect((await lookUp('/'))?.stored?.body.toString()).toBe('<p>home</p>')
    // A render that read the page before the publish finished after it: refused, not stored stale.
    const stale = await storeRenderedPage(database.db, keyOf('/about'), { locale: 'en', pagePath: '/about', pagePublishedAt: before!.pagePublishedAt, projectUpdatedAt: project!.updatedAt }, bytes('<p>about v1</p>'))
    expect(stale).toBe(false)
    expect((await lookUp('/about'))?.stored).toBeUndefined()
  })

  it('stored bytes of an older version are never served, even if the row survived', async () => {
    await render('/about', '<p>about v1</p>')
    // Published again without the purge (another code path, a lost transaction step).
    await database.db.update(pages).set({ publishedAt: sql`now() + interval '1 second'` }).where(eq(pages.id, aboutId))
    expect(await rowsOf('/about')).toHaveLength(1)
    expect((await lookUp('/about'))?.stored).toBeUndefined()
    await database.db.update(projects).set({ updatedAt: sql`now() + interval '1 second'` }).where(eq(projects.id, scope.projectId))
    await render('/about', '<p>about v2</p>')
    expect((await lookUp('/about'))?.stored?.body.toString()).toBe('<p>about v2</p>')
    // The project's settings changed (navigation, theme, name…): every page of it renders again.
    await database.db.update(projects).set({ updatedAt: sql`now() + interval '2 seconds'` }).where(eq(projects.id, scope.projectId))
    expect((await lookUp('/about'))?.stored).toBeUndefined()
  })

  it('a settings change drops every stored page of the project; unpublishing drops the page', async () => {
    await render('/', '<p>home</p>')
    await render('/about', '<p>about</p>')
    await updateProject(database.db, scope, { name: 'Stored again' }, SYSTEM_ACTOR)
    expect(await database.db.select().from(storedPages)).toEqual([])
    await render('/about', '<p>about</p>')
    await unpublishPage(database.db, scope, aboutId, SYSTEM_ACTOR)
    expect(await lookUp('/about')).toBeUndefined()
    expect(await rowsOf('/about')).toEqual([])
    await publishPage(database.db, scope, aboutId, SYSTEM_ACTOR)
  })

  it('a render made before a change to the whole site is never served, even if it is stored after it', async () => {
    const before = await lookUp('/')
    const [project] = await database.db.select({ updatedAt: projects.updatedAt }).from(projects).where(eq(projects.id, scope.projectId))
    const from = { locale: 'en', pagePath: '/', pagePublishedAt: before!.pagePublishedAt, projectUpdatedAt: project!.updatedAt }
    // A redirect elsewhere changes no page row, but it is a change every page may show.
    await createRedirect(database.db, scope, { fromPath: '/elsewhere', toPath: '/', statusCode: 301 }, SYSTEM_ACTOR)
    expect(await storeRenderedPage(database.db, keyOf('/'), from, bytes('<p>old home</p>'))).toBe(false)
    // Even written past the guard (the write raced the change's transaction), it is not served.
    await database.db.insert(storedPages).values({ ...keyOf('/'), ...from, ...bytes('<p>old home</p>'), body: '<p>old home</p>' })
    expect((await lookUp('/'))?.stored).toBeUndefined()
  })

  it('a redirect made from a stored page\'s path leaves its bytes unserved', async () => {
    await render('/', '<p>home</p>')
    await render('/about', '<p>about</p>')
    expect((await lookUp('/about'))?.stored).toBeDefined()
    await createRedirect(database.db, scope, { fromPath: '/about', toPath: '/', statusCode: 301 }, SYSTEM_ACTOR)
    // The redirect moved the site's version: nothing rendered before it is served, on any path.
    expect((await lookUp('/about'))?.stored).toBeUndefined()
    expect((await lookUp('/'))?.stored).toBeUndefined()
  })

  it('serves a render for a day, then renders again; rows past that are pruned', async () => {
    await render('/', '<p>home</p>')
    await database.db.update(storedPages).set({ renderedAt: sql`now() - interval '25 hours'` })
    expect((await lookUp('/'))?.stored).toBeUndefined()
    expect(await pruneStoredPages(database.db)).toBe(1)
    expect(await pruneStoredPages(database.db)).toBe(0)
  })
  it('runs the pruning as the sites-prune-stored-pages pg-boss job', async () => {
    await render('/', '<p>home</p>')
    await database.db.update(storedPages).set({ renderedAt: sql`now() - interval '25 hours'` })
    const done: unknown[] = []
    const jobs = await startSiteJobs({ connectionString: database.url, db: database.db, onDone: (job, result) => job === PRUNE_STORED_PAGES_QUEUE && done.push(result) })
    try {
      await jobs.boss.send(PRUNE_STORED_PAGES_QUEUE)
      for (let waited = 0; done.length === 0 && waited < 15_000; waited += 100) await new Promise(resolve => setTimeout(resolve, 100))
      expect(done).toEqual([1])
      expect(await rowsOf('/')).toEqual([])
    }
    finally {
      await jobs.stop()
    }
  })
})
