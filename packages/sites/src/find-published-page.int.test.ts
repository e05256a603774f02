import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { organizations, pages, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { findProjectBySlug, findPublishedPage } from './find-published-page'

describe('findPublishedPage', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let projectId: string

  beforeAll(async () => {
    database = await createTestDatabase()
    const { db } = database
    const [org] = await db.insert(organizations).values({ name: 'Acme', slug: 'acme' }).returning()
    const [project] = await db.insert(projects).values({ orgId: org!.id, name: 'Acme Clinic', slug: 'acme-clinic', defaultLocale: 'es' }).returning()
    projectId = project!.id
    const block = { id: 'b1', type: 'hero', content: { heading: 'Hola' } }
    await db.insert(pages).values([
      { orgId: org!.id, projectId, locale: 'es', path: '/', draft: { title: 'Inicio (draft)', blocks: [] }, published: { title: 'Inicio', blocks: [block] }, publishedAt: new Date() },
      { orgId: org!.id, projectId, locale: 'en', path: '/', draft: { title: 'Home', blocks: [] }, published: { title: 'Home', blocks: [] }, publishedAt: new Date() },
      { orgId: org!.id, projectId, locale: 'es', path: '/borrador', draft: { title: 'Never published', blocks: [] } },
    ])
  })
  afterAll(() => database.drop())

  it('returns the published content in the project default locale', async () => {
    const page = await findPublishedPage(database.db, { slug: 'acme-clinic', path: '/' })
    expect(page).toMatchObject({ title: 'Inicio', locale: 'es', project: { id: projectId, name: 'Acme Clinic' } })
    expect(page?.blocks).toHaveLength(1)
  })

  it('returns another locale when asked', async () => {
    expect((await findPublishedPage(database.db, { slug: 'acme-clinic', path: '/', locale: 'en' }))?.title).toBe('Home')
  })

  it('never returns a draft-only page or an unknown project', async () => {
    expect(await findPublishedPage(database.db, { slug: 'acme-clinic', path: '/borrador' })).toBeUndefined()
    expect(await findPublishedPage(database.db, { slug: 'nobody', path: '/' })).toBeUndefined()
  })

  it('finds the project for its 404 page', async () => {
    expect((await findProjectBySlug(database.db, 'acme-clinic'))?.name).toBe('Acme Clinic')
    expect(await findProjectBySlug(database.db, 'nobody')).toBeUndefined()
    const [row] = await database.db.select().from(projects).where(eq(projects.slug, 'acme-clinic'))
    expect(row?.id).toBe(projectId)
  })
})
