import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@flectar/accounts'
import { auditEvents, organizations, pages, projectDomains, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createLocalDiskStorage } from '@flectar/storage'
import { ONE_PIXEL_GIF } from '@flectar/storage/testing'
import { addDomain, removeDomain, setPrimaryDomain, type DomainVerifier } from './domains'
import { deleteMedia, updateMediaAlt, uploadMedia } from './media'
import { createPage, deletePage, listPageRevisions, publishPage, restorePageRevision, savePageDraft, unpublishPage } from './pages'
import { createProject, updateProject } from './projects'
import { createRedirect, deleteRedirect } from './redirects'
import { SITE_CHANGED_CHANNEL } from './site-changed'
import { verifyDomain } from './verify-domain'

const noProof: DomainVerifier = { txtRecords: async () => [], httpToken: async () => undefined }

// Every change to a site writes its audit row in its own transaction, and a change visitors
// would see NOTIFYs the site app on commit (the site app's cache listens on SITE_CHANGED_CHANNEL).
describe('site changes are audited and announced by the package', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let actor: Actor
  let orgId: string
  const notified: string[] = []
  let unlisten: () => Promise<void>

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Audit Co', slug: 'audit-co' }).returning()
    const [user] = await database.db.insert(users).values({ email: 'editor@audit.example', name: 'Edna' }).returning()
    orgId = org!.id
    actor = { userId: user!.id, context: { ipKey: 'ip-key-of-edna', userAgent: 'Edna\'s browser', location: 'ES' } }
    const listener = await database.sql.listen(SITE_CHANGED_CHANNEL, projectId => notified.push(projectId))
    unlisten = listener.unlisten
  })
  afterAll(async () => {
    await unlisten()
    await database.drop()
  })

  async function actionsOf(projectId: string) {
    const rows = await database.db.select().from(auditEvents).where(eq(auditEvents.orgId, orgId)).orderBy(asc(auditEvents.createdAt))
    return rows.filter(row => row.metadata.projectId === projectId)
  }

  async function notificationsFor(projectId: string, count: number) {
    await expect.poll(() => notified.filter(id => id === projectId).length, { timeout: 5000 }).toBe(count)
  }

  it('writes one row per change, with who, from where and the project, and notifies the site of what visitors see', async () => {
    const project = await createProject(database.db, orgId, { name: 'Audited', slug: 'audited-site', timeZone: 'UTC', defaultLocale: 'en' }, actor)
    const scope = { orgId, projectId: project.id }
    await updateProject(database.db, scope, { name: 'Audited site' }, actor)
    const page = await createPage(database.db, scope, { path: '/about', title: 'About' }, actor)
    await savePageDraft(database.db, scope, page.id, { version: page.draftVersion, content: { title: 'About us', blocks: [] } })
    await publishPage(database.db, scope, page.id, actor)
    const [revision] = await listPageRevisions(database.db, scope, page.id)
    await restorePageRevision(database.db, scope, page.id, revision!.id, actor)
    await unpublishPage(database.db, scope, page.id, actor)
    await deletePage(database.db, scope, page.id, actor)
    const redirect = await createRedirect(database.db, scope, { fromPath: '/old', toPath: '/', statusCode: 301 }, actor)
    await deleteRedirect(database.db, scope, redirect.id, actor)
    const domain = await addDomain(database.db, scope, { hostname: 'www.audited.example' }, 'flectar.test', actor)
    await verifyDomain(database.db, scope, domain.id, actor, noProof)
    await database.db.update(projectDomains).set({ verifiedAt: new Date() }).where(eq(projectDomains.id, domain.id))
    await setPrimaryDomain(database.db, scope, domain.id, actor)
    await removeDomain(database.db, scope, domain.id, actor)

    const rows = await actionsOf(project.id)
    expect(rows.map(row => row.action)).toEqual([
      'project.created', 'project.updated', 'page.created', 'page.published', 'page.revision_restored', 'page.unpublished', 'page.deleted',
      'redirect.created', 'redirect.deleted', 'domain.added', 'domain.verification_failed', 'domain.primary_set', 'domain.removed',
    ])
    expect(rows.every(row => row.actorUserId === actor.userId && row.ipKey === 'ip-key-of-edna' && row.userAgent === 'Edna\'s browser')).toBe(true)
    expect(rows.find(row => row.action === 'project.updated')?.metadata).toMatchObject({ fields: ['name'] })
    expect(rows.find(row => row.action === 'page.published')).toMatchObject({ targetType: 'page', targetId: page.id, metadata: { path: '/about', locale: 'en' } })
    // Settings, publish, unpublish, delete, both redirect changes, primary and removal: what visitors see.
    await notificationsFor(project.id, 8)
  })

  it('writes nothing and notifies nothing when the change is refused', async () => {
    const project = await createProject(database.db, orgId, { name: 'Refused', slug: 'refused-site', timeZone: 'UTC', defaultLocale: 'en' }, actor)
    const scope = { orgId, projectId: project.id }
    const [home] = await database.db.select().from(pages).where(eq(pages.projectId, project.id))
    await expect(deletePage(database.db, scope, home!.id, actor)).rejects.toMatchObject({ statusCode: 409 })
    await createRedirect(database.db, scope, { fromPath: '/taken', toPath: '/', statusCode: 301 }, actor)
    await expect(createRedirect(database.db, scope, { fromPath: '/taken', toPath: '/elsewhere', statusCode: 301 }, actor)).rejects.toMatchObject({ statusCode: 409 })
    await expect(updateProject(database.db, scope, { extraLocales: ['en'] }, actor)).rejects.toMatchObject({ statusCode: 422 })
    expect((await actionsOf(project.id)).map(row => row.action)).toEqual(['project.created', 'redirect.created'])
    await notificationsFor(project.id, 1)
  })

  it('audits the media library, and a visitor\'s booking upload not at all', async () => {
    const project = await createProject(database.db, orgId, { name: 'Media', slug: 'media-audit', timeZone: 'UTC', defaultLocale: 'en' }, actor)
    const scope = { orgId, projectId: project.id }
    const root = await mkdtemp(path.join(tmpdir(), 'flectar-audit-media-'))
    const storage = createLocalDiskStorage({ root })
    const asset = await uploadMedia(database.db, storage, scope, { filename: 'pixel.gif', bytes: ONE_PIXEL_GIF, alt: 'A pixel' }, actor)
    await updateMediaAlt(database.db, scope, asset.id, 'One pixel', actor)
    await deleteMedia(database.db, storage, scope, asset.id, actor)
    const visitors = await uploadMedia(database.db, storage, scope, { filename: 'answer.gif', bytes: ONE_PIXEL_GIF, private: true }, 'visitor')
    expect(visitors.createdBy).toBeNull()
    expect((await actionsOf(project.id)).map(row => [row.action, row.targetId])).toEqual([
      ['project.created', project.id], ['media.uploaded', asset.id], ['media.updated', asset.id], ['media.deleted', asset.id],
    ])
    await rm(root, { recursive: true, force: true })
  })
})
