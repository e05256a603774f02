import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pages, projects } from '@flectar/db'
import { seedDemo } from '@flectar/db/seed'
import { createTestDatabase } from '@flectar/db/testing'
import { findPublishedPageOf } from './resolve-site'
import { DEMO_PROJECT_SLUG, seedDemoSite } from './seed-demo-site'

describe('seedDemoSite', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database.drop())

  it('gives the demo org a live site from the salon template, once', async () => {
    const { orgId } = await seedDemo(database.db, { ownerPasswordHash: 'hash' })
    const first = await seedDemoSite(database.db, orgId)
    expect(first.created).toBe(true)
    const project = await database.db.query.projects.findFirst({ where: eq(projects.slug, DEMO_PROJECT_SLUG) })
    expect(project).toMatchObject({ orgId, templateKey: 'salon', timeZone: 'Europe/Madrid', currency: 'EUR', business: { address: 'Calle de Fuencarral 45\n28004 Madrid' } })
    // The demo is live at once; an owner's new site is a draft until it is published.
    expect(project!.sitePublishedAt).toBeInstanceOf(Date)
    const home = await findPublishedPageOf(database.db, project!.id, 'en', '/')
    expect(home?.content.blocks.some(block => block.type === 'hero')).toBe(true)

    const [before] = await database.db.select({ n: count() }).from(pages)
    expect(await seedDemoSite(database.db, orgId)).toEqual({ projectId: project!.id, created: false })
    const [after] = await database.db.select({ n: count() }).from(pages)
    expect(after?.n).toBe(before?.n)
  })
})
