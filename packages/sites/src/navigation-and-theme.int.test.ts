import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@flectar/accounts'
import { defaultTheme } from '@flectar/blocks'
import { auditEvents, organizations, projects, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { InvalidInputError, parseInput } from '@flectar/errors'
import { createPage, publishPage } from './pages'
import { createProject, updateProject } from './projects'
import { listPublishedPages } from './resolve-site'
import { updateNavigationSchema, type SiteNavigation } from './navigation-schema'
import { resolveSiteChrome } from './site-chrome'
import { SITE_CHANGED_CHANNEL } from './site-changed'
import { updateProjectSchema } from './schemas'
import { updateThemeSchema } from './theme-schema'
import { getNavigation, updateNavigation } from './update-navigation'
import { updateTheme } from './update-theme'

// The navigation and theme editors' package functions on a real PostgreSQL: what is stored,
// the audit row in the same transaction, the site told, and old rows still read.
describe('navigation and theme', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let actor: Actor
  let orgId: string
  const notified: string[] = []
  let unlisten: () => Promise<void>

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Menu Co', slug: 'menu-co' }).returning()
    const [user] = await database.db.insert(users).values({ email: 'owner@menu.example', name: 'Mina' }).returning()
    orgId = org!.id
    actor = { userId: user!.id, context: { ipKey: 'ip-key', userAgent: 'test', location: 'ES' } }
    unlisten = (await database.sql.listen(SITE_CHANGED_CHANNEL, projectId => notified.push(projectId))).unlisten
  })
  afterAll(async () => {
    await unlisten()
    await database.drop()
  })

  const auditRows = async (projectId: string, action: string) => (await database.db.select().from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, action)))).filter(row => row.metadata.projectId === projectId)
  const chromeOf = async (projectId: string, locale: string) => {
    const [project] = await database.db.select().from(projects).where(eq(projects.id, projectId))
    const published = await listPublishedPages(database.db, projectId)
    return resolveSiteChrome(project!, locale, { servedPaths: new Set(published.filter(page => page.locale === locale).map(page => page.path)) })
  }

  it('reads a template\'s first-shape navigation as the default locale\'s typed menu', async () => {
    const project = await createProject(database.db, orgId, { name: 'Salon', slug: 'menu-salon', templateKey: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, actor)
    const navigation = await getNavigation(database.db, { orgId, projectId: project.id })
    const header = navigation.menus.en!.header
    expect(header.map(item => [item.kind, item.label])).toContainEqual(['page', 'Services'])
    expect(header.find(item => item.label === 'Services')).toMatchObject({ kind: 'page', path: '/services', children: [] })
    const footer = navigation.menus.en!.footer
    expect(footer).toContainEqual(expect.objectContaining({ kind: 'anchor', path: '/contact', anchor: 'block-hours' }))
    expect(footer).toContainEqual(expect.objectContaining({ kind: 'external', url: 'https://www.instagram.com/' }))
    expect(navigation.footer).toEqual({ showContact: true, hours: { source: 'none', text: '' }, social: [] })
  })

  it('saves per-locale menus with one nesting level, audited in the transaction, and tells the site', async () => {
    const project = await createProject(database.db, orgId, { name: 'Two tongues', slug: 'menu-two-tongues', timeZone: 'UTC', defaultLocale: 'en' }, actor)
    const scope = { orgId, projectId: project.id }
    await updateProject(database.db, scope, { extraLocales: ['es'] }, actor)
    const about = await createPage(database.db, scope, { path: '/about', title: 'About' }, actor)
    await publishPage(database.db, scope, about.id, actor)
    const sobre = await createPage(database.db, scope, { path: '/sobre', title: 'Sobre', locale: 'es' }, actor)
    await publishPage(database.db, scope, sobre.id, actor)
    // The settings change and the two publications were announced; then the navigation is.
    await expect.poll(() => notified.filter(id => id === project.id).length, { timeout: 5000 }).toBe(3)
    const before = 3

    const input = parseInput(updateNavigationSchema, {
      menus: {
        en: {
          header: [
            { id: 'a', kind: 'page', label: 'About', path: '/about', children: [{ id: 'a1', kind: 'anchor', label: 'Team', path: '/about', anchor: 'block-team' }] },
            { id: 'b', kind: 'external', label: 'Shop', url: 'https://shop.example.com', newTab: true },
          ],
          footer: [{ id: 'p', kind: 'page', label: 'Privacy', path: '/privacy' }],
        },
        es: { header: [{ id: 'c', kind: 'page', label: 'Sobre nosotros', path: '/sobre' }] },
      },
      footer: { social: [{ network: 'instagram', url: 'https://www.instagram.com/twotongues' }], hours: { source: 'text', text: 'Mon–Fri 9–18\nSat 10–14' } },
    })
    await updateNavigation(database.db, scope, input, actor)

    const stored = (await database.db.select({ navigation: projects.navigation }).from(projects).where(eq(projects.id, project.id)))[0]!.navigation as SiteNavigation
    expect(stored.version).toBe(2)
    expect(stored.menus.es!.header[0]!.label).toBe('Sobre nosotros')
    const [row] = await auditRows(project.id, 'navigation.updated')
    expect(row).toMatchObject({ actorUserId: actor.userId, metadata: { links: { en: { header: 2, footer: 1 }, es: { header: 1, footer: 0 } }, social: ['instagram'] } })
    await expect.poll(() => notified.filter(id => id === project.id).length, { timeout: 5000 }).toBe(before + 1)

    // Visitors get each language's own menu, localized paths, and no link to a page that is not published.
    const english = await chromeOf(project.id, 'en')
    expect(english.navigation.header).toEqual([
      { label: 'About', href: '/about', children: [{ label: 'Team', href: '/about#block-team' }] },
      { label: 'Shop', href: 'https://shop.example.com', children: [] },
    ])
    expect(english.navigation.footer).toEqual([])
    expect(english.footer.social).toEqual([{ network: 'instagram', label: 'Instagram', url: 'https://www.instagram.com/twotongues' }])
    expect(english.footer.hours).toEqual(['Mon–Fri 9–18', 'Sat 10–14'])
    expect((await chromeOf(project.id, 'es')).navigation.header).toEqual([{ label: 'Sobre nosotros', href: '/es/sobre', children: [] }])
  })

  it('refuses a second nesting level, a menu for a language the site lacks, and a social link off its network', async () => {
    const project = await createProject(database.db, orgId, { name: 'Strict', slug: 'menu-strict', timeZone: 'UTC', defaultLocale: 'en' }, actor)
    const scope = { orgId, projectId: project.id }
    const nested = { menus: { en: { header: [{ id: 'a', kind: 'page', label: 'A', path: '/', children: [{ id: 'b', kind: 'page', label: 'B', path: '/', children: [] }] }] } } }
    expect(() => parseInput(updateNavigationSchema, nested)).toThrow(InvalidInputError)
    try {
      parseInput(updateNavigationSchema, { footer: { social: [{ network: 'instagram', url: 'https://evil.example/instagram.com' }] } })
      expect.unreachable()
    }
    catch (error) {
      expect((error as InvalidInputError).data.fields).toEqual({ 'footer.social.0.url': 'Use the https:// address of your Instagram page (on instagram.com)' })
    }
    await expect(updateNavigation(database.db, scope, parseInput(updateNavigationSchema, { menus: { fr: { header: [] } } }), actor))
      .rejects.toMatchObject({ data: { fields: { 'menus.fr': 'Add fr to the site\'s languages first' } } })
    expect(await auditRows(project.id, 'navigation.updated')).toEqual([])
  })

  it('puts a new page in its menu when asked, where visitors see it once it is published', async () => {
    const project = await createProject(database.db, orgId, { name: 'Bridal', slug: 'menu-bridal', timeZone: 'UTC', defaultLocale: 'en' }, actor)
    const scope = { orgId, projectId: project.id }
    const page = await createPage(database.db, scope, { path: '/bridal', title: 'Bridal', showInMenu: true }, actor)
    await createPage(database.db, scope, { path: '/quiet', title: 'Quiet' }, actor)
    expect((await getNavigation(database.db, scope)).menus.en!.header).toEqual([expect.objectContaining({ kind: 'page', label: 'Bridal', path: '/bridal' })])
    expect((await auditRows(project.id, 'page.created')).map(row => row.metadata.addedToMenu).sort()).toEqual([false, true])
    expect((await chromeOf(project.id, 'en')).navigation.header).toEqual([])

    const before = notified.filter(id => id === project.id).length
    await publishPage(database.db, scope, page.id, actor)
    await expect.poll(() => notified.filter(id => id === project.id).length, { timeout: 5000 }).toBe(before + 1)
    expect((await chromeOf(project.id, 'en')).navigation.header).toEqual([{ label: 'Bridal', href: '/bridal', children: [] }])
  })

  it('saves fonts, buttons, logo and favicon, and refuses text below WCAG AA contrast', async () => {
    const project = await createProject(database.db, orgId, { name: 'Looks', slug: 'menu-looks', timeZone: 'UTC', defaultLocale: 'en' }, actor)
    const scope = { orgId, projectId: project.id }
    const theme = { ...defaultTheme, typography: { heading: 'fraunces', body: 'inter' }, buttons: 'pill' }
    const saved = await updateTheme(database.db, scope, parseInput(updateThemeSchema, { theme, logo: { url: '/media/logo.png', alt: 'Looks' }, favicon: { url: '/media/icon.png' } }), actor)
    expect(saved.theme).toMatchObject({ typography: { heading: 'fraunces', body: 'inter' }, buttons: 'pill' })
    expect(saved.branding).toEqual({ logo: { url: '/media/logo.png', alt: 'Looks' }, favicon: { url: '/media/icon.png' } })
    expect((await auditRows(project.id, 'theme.updated'))[0]!.metadata).toMatchObject({ fonts: ['fraunces', 'inter'], logo: true, favicon: true })

    const grey = { ...theme, palette: { ...theme.palette, text: '#aaaaaa', background: '#ffffff' } }
    try {
      parseInput(updateThemeSchema, { theme: grey })
      expect.unreachable()
    }
    catch (error) {
      expect((error as InvalidInputError).data.fields).toEqual({ 'theme.palette.text': 'Text on the background: 2.32:1, below the 4.5:1 that WCAG AA asks for. Choose a colour with more contrast.' })
    }
    // Removing the logo keeps the rest of the branding.
    const cleared = await updateTheme(database.db, scope, parseInput(updateThemeSchema, { theme, favicon: { url: '/media/icon.png' } }), actor)
    expect(cleared.branding).toEqual({ favicon: { url: '/media/icon.png' } })

    // The settings' PATCH is no way around those checks: a theme or menus sent there is a 422.
    try {
      parseInput(updateProjectSchema, { name: 'Looks', theme: grey, navigation: { menus: {} } })
      expect.unreachable()
    }
    catch (error) {
      expect((error as InvalidInputError).data.fields).toEqual({ theme: 'Change the theme with PUT …/theme', navigation: 'Change the menus with PUT …/navigation' })
    }
  })
})
