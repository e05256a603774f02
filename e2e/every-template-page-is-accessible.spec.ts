import { mkdirSync } from 'node:fs'
import { HtmlValidate } from 'html-validate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpGet } from './support/apps'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser } from './support/browser'

const sitePort = inject('sitePort')
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-site-screenshots'
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 375, height: 740 }]

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Nuxt's root element is `<div id="__nuxt">`. HTML allows any id without spaces; the strict
    // mode also wants ids that start with a letter, a CSS-selector convenience, not validity.
    'valid-id': ['error', { relaxed: true }],
  },
})

interface TemplateSummary { key: string, name: string }
interface PageSummary { path: string }

/** A site made from every template with the onboarding answers, as an owner would through the admin API, then published. */
async function createSites(cookie: string, orgId: string) {
  const templates = (JSON.parse((await adminApi('GET', '/api/templates', { cookie })).body) as { data: TemplateSummary[] }).data
  const sites: Array<{ template: TemplateSummary, host: string, projectName: string, paths: string[] }> = []
  for (const template of templates) {
    const slug = `a11y-${template.key}`
    const projectName = `A11y ${template.name}`
    const created = await adminApi('POST', `/api/orgs/${orgId}/projects`, { cookie, body: {
      name: projectName, slug, templateKey: template.key, address: 'Carrer de Mallorca 401\n08013 Barcelona', phone: '+34 932 000 123',
      email: `hello@${slug}.example`, timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en',
    } })
    expect(created.status, created.body).toBe(201)
    const projectId = (JSON.parse(created.body) as { id: string }).id
    const published = await adminApi('POST', `/api/orgs/${orgId}/projects/${projectId}/publish`, { cookie })
    expect(published.status, published.body).toBe(200)
    const pages = (JSON.parse((await adminApi('GET', `/api/orgs/${orgId}/projects/${projectId}/pages`, { cookie })).body) as { data: PageSummary[] }).data
    sites.push({ template, host: `${slug}.localhost:${sitePort}`, projectName, paths: pages.map(page => page.path) })
  }
  return sites
}

/** The html-validate errors of a document, one line each. */
async function htmlErrors(html: string): Promise<string[]> {
  const report = await validator.validateString(html)
  return report.results.flatMap(result => result.messages.map(message => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`))
}

/** The site's theme, header and footer in a page's HTML. */
function frameOf(html: string) {
  return { theme: html.match(/<style data-hid="theme">[\s\S]*?<\/style>/)?.[0], header: html.match(/<header class="fb-header">[\s\S]*?<\/header>/)?.[0], footer: html.match(/<footer class="fb-footer">[\s\S]*?<\/footer>/)?.[0] }
}

/** axe (WCAG 2.2 AA) at 1280 and 375 px, and at 375 px again with the menu open; no sideways scrolling. */
async function checkInBrowser(page: Page, url: string, label: string) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport)
    await page.goto(url)
    expect.soft(await seriousAxeViolations(page), `${label} at ${viewport.width} px`).toEqual([])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect.soft(overflow, `${label} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(0)
    const menuButton = page.locator('.fb-menu__toggle')
    if (viewport.width < 768 && await menuButton.count()) {
      await menuButton.click()
      await page.getByRole('navigation', { name: 'Main' }).waitFor()
      expect.soft(await seriousAxeViolations(page), `${label} at ${viewport.width} px, menu open`).toEqual([])
    }
  }
}

describe('every page of every template is accessible and valid HTML', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let sites: Awaited<ReturnType<typeof createSites>>

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    browser = await launchBrowser()
    const owner = await database.createOwner('templates-a11y@example.com', 'Template Checks')
    sites = await createSites(owner.cookie, owner.orgId)
    expect(sites.length).toBeGreaterThanOrEqual(6)
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('has one h1, no HTML errors and no serious or critical axe violation at 1280 and 375 px, on every page', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.61' } })
    const page = await context.newPage()
    for (const site of sites) {
      for (const path of site.paths) {
        const label = `${site.template.key} ${path}`
        const response = await httpGet(sitePort, path, { host: site.host })
        expect(response.status, label).toBe(200)
        expect.soft(await htmlErrors(response.body), label).toEqual([])
        expect.soft(response.body.match(/<h1[\s>]/g)?.length, `${label}: <h1> count`).toBe(1)
        await checkInBrowser(page, `http://${site.host}${path}`, label)
      }
    }
    await context.close()
  })

  it('answers a missing page with the site\'s own 404: its name, theme, menu and footer, and a way home', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.62' } })
    const page = await context.newPage()
    for (const site of sites) {
      const label = `${site.template.key} 404`
      const response = await httpGet(sitePort, '/no-such-page', { host: site.host })
      expect(response.status, label).toBe(404)
      expect(await htmlErrors(response.body), label).toEqual([])
      expect(response.body.match(/<h1[\s>]/g)?.length, `${label}: <h1> count`).toBe(1)
      expect(response.body, label).toContain('<meta name="robots" content="noindex">')
      // The same theme (colours, fonts), header (name or logo, menu) and footer as the home page.
      const home = await httpGet(sitePort, '/', { host: site.host })
      expect(frameOf(response.body), label).toEqual(frameOf(home.body))
      expect(frameOf(response.body).theme, label).toContain('--fb-primary:#')

      const visit = await page.goto(`http://${site.host}/no-such-page`)
      expect(visit?.status(), label).toBe(404)
      expect(await page.title(), label).toBe(`This page does not exist · ${site.projectName}`)
      expect(await page.getByRole('heading', { level: 1 }).textContent(), label).toContain('This page does not exist')
      expect(await page.getByRole('banner').getByRole('link', { name: site.projectName }).getAttribute('href'), label).toBe('/')
      await page.getByRole('contentinfo').getByText(site.projectName).waitFor()
      expect(await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).getAttribute('href'), label).toBe('/')
      await checkInBrowser(page, `http://${site.host}/no-such-page`, label)
    }
    await context.close()
  })

  it('opens the menu on a phone without JavaScript and follows a link from it', async () => {
    const salon = sites.find(site => site.template.key === 'salon')!
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.63' } })
    const page = await context.newPage()
    await page.goto(`http://${salon.host}/`)
    const menu = page.getByRole('banner').getByRole('navigation', { name: 'Main' })
    const team = menu.getByRole('link', { name: 'Team' })
    expect(await team.isVisible()).toBe(false)
    const button = page.getByRole('banner').getByText('Menu', { exact: true })
    // Closed, the header is one line: the name and the button, nothing wrapped under them.
    const header = (await page.getByRole('banner').boundingBox())!
    expect(header.height).toBeLessThan(90)
    await page.screenshot({ path: `${SCREENSHOTS}/salon-home-375-menu-closed.png` })

    await button.click()
    await team.waitFor()
    expect(await menu.getByRole('link', { name: 'Book' }).isVisible()).toBe(true)
    await page.screenshot({ path: `${SCREENSHOTS}/salon-home-375-menu-open.png`, animations: 'disabled' })
    await team.click()
    await page.waitForURL(`http://${salon.host}/team`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Our team')
    expect(await team.isVisible()).toBe(false)
    await page.screenshot({ path: `${SCREENSHOTS}/salon-team-375.png`, fullPage: true })
    await page.goto(`http://${salon.host}/no-such-page`)
    await page.screenshot({ path: `${SCREENSHOTS}/salon-404-375.png`, fullPage: true })
    await context.close()
  })

  it('shows every header link in a row at 1280 px, with no menu button', async () => {
    const salon = sites.find(site => site.template.key === 'salon')!
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.64' } })
    const page = await context.newPage()
    await page.goto(`http://${salon.host}/`)
    const menu = page.getByRole('banner').getByRole('navigation', { name: 'Main' })
    const links = await menu.getByRole('link').all()
    expect(links.length).toBeGreaterThan(1)
    const tops = new Set<number>()
    for (const link of links) tops.add(Math.round((await link.boundingBox())!.y))
    expect([...tops]).toHaveLength(1)
    expect(await page.getByRole('banner').getByText('Menu', { exact: true }).isVisible()).toBe(false)
    await page.screenshot({ path: `${SCREENSHOTS}/salon-home-1280.png`, fullPage: true })
    await page.goto(`http://${salon.host}/services`)
    await page.screenshot({ path: `${SCREENSHOTS}/salon-services-1280.png`, fullPage: true })
    await page.goto(`http://${salon.host}/no-such-page`)
    await page.screenshot({ path: `${SCREENSHOTS}/salon-404-1280.png`, fullPage: true })
    await context.close()
  })
})
