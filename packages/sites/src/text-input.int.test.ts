import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { conversationMessages, organizations, pages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { invalidFieldsOf } from '@flectar/errors/testing'
import { contactFormSchema, submitContactForm } from './forms'
import { createPage, savePageDraft } from './pages'
import { createProject } from './projects'
import { createRedirect } from './redirects'
import { createPageSchema, createProjectSchema, redirectSchema, updateProjectSchema } from './schemas'
import { requestPathSchema } from './slugs'

// Issue 11, findings 8 and 9: what visitors and editors type is normalised (one-line titles
// and names) and a NUL, which PostgreSQL refused with a 500, is a 422 on its field, or is
// dropped from page content (validated again whenever the page renders).
const NUL = JSON.parse('"\\u0000"') as string

describe('text typed into sites', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let project: Awaited<ReturnType<typeof createProject>>
  let scope: { orgId: string, projectId: string }

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Typed', slug: 'typed' }).returning()
    project = await createProject(database.db, org!.id, parseInput(createProjectSchema, { name: 'Typed\nSite', slug: 'typed-site', templateKey: 'salon' }), SYSTEM_ACTOR)
    scope = { orgId: org!.id, projectId: project.id }
  })
  afterAll(() => database.drop())

  // As the site's form handler does it: the post parsed by contactFormSchema, then stored.
  const contact = (overrides: Record<string, unknown>) => submitContactForm(database.db, project, parseInput(contactFormSchema, {
    blockId: 'contact-1', pagePath: '/contact', name: 'Ana', email: 'ana@example.com', message: 'Hello', ...overrides,
  }), { inboxUrl: id => `https://admin.example/inbox?conversation=${id}` })

  it('stores a contact message with its lines, and the name on one line', async () => {
    const submitted = await contact({ name: 'Eve\nSmith', message: 'Line one\r\nLine two\tend' })
    const [row] = await database.db.select().from(conversationMessages).where(eq(conversationMessages.id, submitted!.id))
    expect(row!.fields).toEqual({ name: 'Eve Smith', email: 'ana@example.com', message: 'Line one\nLine two\tend', page: '/contact', block: 'contact-1' })
    expect(row!.body).toBe('Line one\nLine two\tend')
  })

  it('refuses NUL in a contact form with a 422 on its field', async () => {
    expect(await invalidFieldsOf(() => contact({ message: `Hi${NUL}` }))).toEqual({ message: 'Remove the control characters (such as NUL) or broken symbols from this text' })
    expect(Object.keys(await invalidFieldsOf(() => contact({ name: NUL, phone: `600${NUL}`, pagePath: `/${NUL}`, blockId: NUL })))).toEqual(['blockId', 'pagePath', 'name', 'phone'])
  })

  it('refuses a NUL in the path a visitor asks for', () => {
    expect(requestPathSchema(512).safeParse(`/${NUL}`).success).toBe(false)
    expect(requestPathSchema(512).safeParse('/%00').success).toBe(true)
    expect(requestPathSchema(512).parse('/about')).toBe('/about')
  })

  it('keeps project names and page titles on one line, and refuses NUL in them', async () => {
    expect(project.name).toBe('Typed Site')
    const page = await createPage(database.db, scope, parseInput(createPageSchema, { path: '/about', title: 'About\nus' }), SYSTEM_ACTOR)
    expect(page.draft.title).toBe('About us')
    expect(await invalidFieldsOf(async () => parseInput(updateProjectSchema, { name: `Bad${NUL}` }))).toEqual({ name: 'Remove the control characters (such as NUL) or broken symbols from this text' })
    expect(await invalidFieldsOf(async () => parseInput(createPageSchema, { path: '/x', title: `About${NUL}` }))).toHaveProperty('title')
  })

  it('drops NUL from page content instead of failing the save', async () => {
    const [home] = await database.db.select().from(pages).where(eq(pages.projectId, project.id)).then(rows => rows.filter(row => row.path === '/'))
    const draft = structuredClone(home!.draft)
    const hero = draft.blocks.find(block => block.type === 'hero')!
    hero.content.heading = `Brand${NUL} new`
    const saved = await savePageDraft(database.db, scope, home!.id, { version: home!.draftVersion, content: draft })
    const [stored] = await database.db.select().from(pages).where(eq(pages.id, home!.id))
    expect(stored!.draft.blocks.find(block => block.type === 'hero')!.content.heading).toBe('Brand new')
    expect(await invalidFieldsOf(() => savePageDraft(database.db, scope, home!.id, { version: saved.draftVersion, content: { ...draft, title: `Home${NUL}` } }))).toHaveProperty('title')
  })

  it('refuses NUL in redirects', async () => {
    expect(redirectSchema.safeParse({ fromPath: `/old${NUL}`, toPath: '/new' }).success).toBe(false)
    expect(redirectSchema.safeParse({ fromPath: '/old', toPath: `https://example.com/${NUL}` }).success).toBe(false)
    await expect(createRedirect(database.db, scope, redirectSchema.parse({ fromPath: '/old', toPath: '/new' }), SYSTEM_ACTOR)).resolves.toMatchObject({ fromPath: '/old' })
  })
})
