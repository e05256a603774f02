import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { organizations, pages, projectDomains } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { templates } from '@flectar/templates'
import { addDomain, isVerifiedDomain, setPrimaryDomain, type DomainVerifier } from './domains'
import { createPage, listPageRevisions, publishPage, restorePageRevision, savePageDraft } from './pages'
import { createProject, updateProject } from './projects'
import { createRedirect } from './redirects'
import { findPublishedPageOf, findRedirect, localeFromPath, resolveHost } from './resolve-site'
import { verifyDomain } from './verify-domain'

describe('the site builder on a real database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let orgId: string
  let otherOrgId: string

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org, other] = await database.db.insert(organizations).values([{ name: 'Acme', slug: 'acme' }, { name: 'Other', slug: 'other' }]).returning()
    orgId = org!.id
    otherOrgId = other!.id
  })
  afterAll(() => database.drop())

  it('creates a live project from every template, and refuses a taken address with 409', async () => {
    for (const template of templates) {
      const project = await createProject(database.db, orgId, { name: template.name, slug: `t-${template.key}`, templateKey: template.key, timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)
      const rows = await database.db.select().from(pages).where(eq(pages.projectId, project.id))
      expect(rows.length).toBe(template.pages.length)
      expect(rows.every(row => row.published !== null)).toBe(true)
    }
    await expect(createProject(database.db, orgId, { name: 'Clash', slug: 't-salon', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 409 })
  })

  it('keeps drafts private until publish, detects stale saves, and restores revisions', async () => {
    const project = await createProject(database.db, orgId, { name: 'Draft Co', slug: 'draft-co', templateKey: 'salon', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const scope = { orgId, projectId: project.id }
    const [home] = await database.db.select().from(pages).where(eq(pages.projectId, project.id)).then(rows => rows.filter(row => row.path === '/'))
    const draft = structuredClone(home!.draft)
    const hero = draft.blocks.find(block => block.type === 'hero')!
    hero.content.heading = 'Brand new heading'
    const saved = await savePageDraft(database.db, scope, home!.id, { version: home!.draftVersion, content: draft })
    expect(saved.draftVersion).toBe(home!.draftVersion + 1)
    await expect(savePageDraft(database.db, scope, home!.id, { version: home!.draftVersion, content: draft })).rejects.toMatchObject({ statusCode: 409, data: { code: 'stale_draft' } })

    const before = await findPublishedPageOf(database.db, project.id, 'en', '/')
    expect(JSON.stringify(before?.content)).not.toContain('Brand new heading')
    await publishPage(database.db, scope, home!.id, SYSTEM_ACTOR)
    const after = await findPublishedPageOf(database.db, project.id, 'en', '/')
    expect(JSON.stringify(after?.content)).toContain('Brand new heading')

    const revisions = await listPageRevisions(database.db, scope, home!.id)
    expect(revisions.length).toBe(1)
    const restored = await restorePageRevision(database.db, scope, home!.id, revisions[0]!.id, SYSTEM_ACTOR)
    expect(JSON.stringify(restored.draft)).toContain('Brand new heading')
  })

  it('rejects block content that fails its schema with the path of the bad field', async () => {
    const project = await createProject(database.db, orgId, { name: 'Strict', slug: 'strict-co', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const [home] = await database.db.select().from(pages).where(eq(pages.projectId, project.id))
    const content = { title: 'Home', blocks: [{ id: 'a', type: 'hero', content: { heading: 'Fine' } }, { id: 'b', type: 'image', content: { image: { url: '/x.png', alt: '' } } }] }
    const error = await savePageDraft(database.db, { orgId, projectId: project.id }, home!.id, { version: 1, content }).catch(caught => caught)
    expect(error.statusCode).toBe(422)
    expect(Object.keys(error.data.fields).some((path: string) => path.startsWith('blocks.1.content.'))).toBe(true)
  })

  it('keeps another org out: its project and pages are not found', async () => {
    const project = await createProject(database.db, orgId, { name: 'Mine', slug: 'mine-co', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const [home] = await database.db.select().from(pages).where(eq(pages.projectId, project.id))
    await expect(savePageDraft(database.db, { orgId: otherOrgId, projectId: project.id }, home!.id, { version: 1, content: { title: 'x', blocks: [] } })).rejects.toMatchObject({ statusCode: 404 })
    await expect(updateProject(database.db, { orgId: otherOrgId, projectId: project.id }, { name: 'Stolen' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    await expect(createPage(database.db, { orgId: otherOrgId, projectId: project.id }, { path: '/x', title: 'x' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
  })

  it('serves other locales under their prefix, separately published', async () => {
    const project = await createProject(database.db, orgId, { name: 'Bilingual', slug: 'bilingual', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const updated = await updateProject(database.db, { orgId, projectId: project.id }, { extraLocales: ['es'] }, SYSTEM_ACTOR)
    expect(localeFromPath(updated, '/es/contacto')).toEqual({ locale: 'es', path: '/contacto' })
    expect(localeFromPath(updated, '/es')).toEqual({ locale: 'es', path: '/' })
    expect(localeFromPath(updated, '/about')).toEqual({ locale: 'en', path: '/about' })
    const spanish = await createPage(database.db, { orgId, projectId: project.id }, { path: '/', locale: 'es', title: 'Inicio' }, SYSTEM_ACTOR)
    expect(await findPublishedPageOf(database.db, project.id, 'es', '/')).toBeUndefined()
    await publishPage(database.db, { orgId, projectId: project.id }, spanish.id, SYSTEM_ACTOR)
    expect((await findPublishedPageOf(database.db, project.id, 'es', '/'))?.content.title).toBe('Inicio')
  })

  it('resolves hosts: platform subdomain, verified custom domains only, redirect to the primary', async () => {
    const project = await createProject(database.db, orgId, { name: 'Domains', slug: 'domains-co', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const scope = { orgId, projectId: project.id }
    expect((await resolveHost(database.db, 'domains-co.localhost:3001', 'localhost'))?.project.id).toBe(project.id)
    const domain = await addDomain(database.db, scope, { hostname: 'www.domains.example' }, 'localhost', SYSTEM_ACTOR)
    expect(await resolveHost(database.db, 'www.domains.example', 'localhost')).toBeUndefined()
    expect(await isVerifiedDomain(database.db, 'www.domains.example')).toBe(false)

    const nothing: DomainVerifier = { txtRecords: async () => [], httpToken: async () => undefined }
    expect((await verifyDomain(database.db, scope, domain.id, SYSTEM_ACTOR, nothing)).verified).toBe(false)
    const dns: DomainVerifier = { txtRecords: async name => name === '_flectar-verification.www.domains.example' ? [`flectar-verification=${domain.verificationToken}`] : [], httpToken: async () => undefined }
    expect(await verifyDomain(database.db, scope, domain.id, SYSTEM_ACTOR, dns)).toMatchObject({ verified: true, method: 'dns' })
    expect(await isVerifiedDomain(database.db, 'www.domains.example')).toBe(true)
    expect((await resolveHost(database.db, 'www.domains.example', 'localhost'))?.project.id).toBe(project.id)

    await setPrimaryDomain(database.db, scope, domain.id, SYSTEM_ACTOR)
    expect((await resolveHost(database.db, 'domains-co.localhost', 'localhost'))?.redirectToHost).toBe('www.domains.example')
    // Another project's claim on the host changes nothing until it verifies (verify-domain.int.test.ts).
    await addDomain(database.db, { orgId, projectId: (await createProject(database.db, orgId, { name: 'Thief', slug: 'thief-co', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)).id }, { hostname: 'www.domains.example' }, 'localhost', SYSTEM_ACTOR)
    expect((await resolveHost(database.db, 'www.domains.example', 'localhost'))?.project.id).toBe(project.id)
    const [row] = await database.db.select().from(projectDomains).where(eq(projectDomains.id, domain.id))
    expect(row?.isPrimary).toBe(true)
  })

  it('stores redirects and refuses a duplicate source with 409', async () => {
    const project = await createProject(database.db, orgId, { name: 'Moves', slug: 'moves-co', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const scope = { orgId, projectId: project.id }
    await createRedirect(database.db, scope, { fromPath: '/old', toPath: '/new', statusCode: 301 }, SYSTEM_ACTOR)
    expect(await findRedirect(database.db, project.id, '/old')).toEqual({ toPath: '/new', statusCode: 301 })
    await expect(createRedirect(database.db, scope, { fromPath: '/old', toPath: '/other', statusCode: 302 }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 409 })
  })
})
