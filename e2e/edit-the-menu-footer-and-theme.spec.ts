import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createProject } from '@flectar/sites'
import { openE2eDatabase } from './support/accounts'
import { httpGet } from './support/apps'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`
const sitePort = inject('sitePort')
const SHOTS = process.env.E2E_SCREENSHOTS

/** A 400×160 PNG drawn by the browser, as a logo exported from an editor would be. */
async function drawLogo(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 400
    canvas.height = 160
    const context = canvas.getContext('2d')!
    context.fillStyle = '#7c2d12'
    context.fillRect(0, 0, 400, 160)
    return canvas.toDataURL('image/png')
  })
  return Buffer.from(dataUrl.split(',')[1]!, 'base64')
}

describe('an owner edits the menu, the footer and the theme', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    browser = await launchBrowser()
    dir = await mkdtemp(path.join(tmpdir(), 'flectar-e2e-menu-'))
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('adds a page to the menu, reorders it by keyboard, sets a social link, a font and a logo, and visitors see them', async () => {
    const owner = await database.createOwner('owner@menu-journey.example', 'Menu Journey Co')
    const project = await createProject(database.db, owner.orgId, { name: 'Menu Journey', slug: 'menu-journey', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.70' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await writeFile(path.join(dir, 'logo.png'), await drawLogo(page))

    // A new page, offered for the menu (on by default), published.
    await openPage(page, `${admin}/projects/${project.id}?tab=pages`)
    await page.getByRole('button', { name: 'New page' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Title').fill('Bridal')
    await dialog.getByLabel('Path').fill('/bridal')
    expect(await dialog.getByRole('checkbox', { name: 'Show in the menu' }).getAttribute('aria-checked')).toBe('true')
    await dialog.getByRole('button', { name: 'Create page' }).click()
    await page.waitForURL(/\/pages\/[0-9a-f-]{36}$/)
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await page.getByText('Published', { exact: true }).first().waitFor()

    // The menu has it; a second link goes to the home page, then moves up from the keyboard.
    await openPage(page, `${admin}/projects/${project.id}?tab=settings&section=navigation`)
    const menu = page.getByRole('list', { name: 'Header menu' })
    await menu.getByRole('button', { name: 'Move Bridal up' }).waitFor()
    await page.getByRole('button', { name: 'Add a menu link' }).click()
    await menu.getByLabel('Link text').nth(1).fill('Welcome')
    await menu.getByRole('button', { name: 'Move Welcome up' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('navigation-announcement').textContent()).toBe('Welcome moved to position 1 of 2')
    expect(await menu.getByLabel('Link text').evaluateAll(inputs => inputs.map(input => (input as HTMLInputElement).value))).toEqual(['Welcome', 'Bridal'])
    await page.getByRole('button', { name: 'Add a social link' }).click()
    await page.getByLabel('Address of your page').fill('https://www.instagram.com/menujourney')
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/navigation-editor-1280.png`, fullPage: true })
    await page.getByRole('button', { name: 'Save navigation' }).click()
    await page.getByText('Navigation saved', { exact: true }).waitFor()

    // Theme: Fraunces for headings, a logo from the media library (uploaded from the picker), pill buttons.
    await openPage(page, `${admin}/projects/${project.id}?tab=settings&section=theme`)
    await page.getByRole('combobox', { name: 'Headings font' }).click()
    await page.getByRole('option', { name: /^Fraunces/ }).click()
    await page.getByRole('radio', { name: 'Pill' }).click()
    await page.getByRole('button', { name: 'Choose a logo' }).click()
    const picker = page.getByRole('dialog', { name: 'Choose an image' })
    await picker.getByRole('button', { name: 'Upload new' }).click()
    const upload = page.getByRole('dialog').last()
    await upload.getByTestId('media-file-input').setInputFiles(path.join(dir, 'logo.png'))
    await upload.getByLabel('Alternative text').fill('Menu Journey logo')
    await upload.getByRole('button', { name: 'Upload', exact: true }).click()
    await page.getByTestId('logo-preview').waitFor()
    // Text below WCAG AA on the background is refused with its ratio, then fixed.
    await page.getByRole('textbox', { name: 'Text', exact: true }).fill('#aaaaaa')
    await page.getByRole('button', { name: 'Save theme' }).click()
    await page.getByText(/Text on the background: 2\.32:1, below the 4\.5:1/).first().waitFor()
    await page.getByRole('textbox', { name: 'Text', exact: true }).fill('#1c1917')
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/theme-editor-1280.png`, fullPage: true })
    // The form checks the field again once typing stops.
    await page.getByText(/Text on the background: 2\.32:1/).waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: 'Save theme' }).click()
    await page.getByText('Theme saved', { exact: true }).waitFor()

    if (SHOTS) {
      await page.setViewportSize({ width: 375, height: 800 })
      await page.screenshot({ path: `${SHOTS}/theme-editor-375.png`, fullPage: true })
      await openPage(page, `${admin}/projects/${project.id}?tab=settings&section=navigation`)
      await page.getByRole('list', { name: 'Header menu' }).waitFor()
      await page.screenshot({ path: `${SHOTS}/navigation-editor-375.png`, fullPage: true })
    }

    // The public site: the menu in its new order, the font, the logo and the footer link.
    const visitor = await context.newPage()
    const fontRequests: string[] = []
    visitor.on('request', (request) => {
      if (request.resourceType() === 'font') fontRequests.push(request.url())
    })
    await visitor.goto(`http://menu-journey.localhost:${sitePort}/bridal`)
    const nav = visitor.getByRole('navigation', { name: 'Main' })
    expect(await nav.getByRole('link').evaluateAll(links => links.map(link => [link.textContent, link.getAttribute('href')]))).toEqual([['Welcome', '/'], ['Bridal', '/bridal']])
    expect(await visitor.locator('h1').first().evaluate(heading => getComputedStyle(heading).fontFamily)).toMatch(/^"?Fraunces"?, /)
    await expect.poll(() => visitor.evaluate(() => document.fonts.check('600 1em Fraunces'))).toBe(true)
    const logo = visitor.locator('.fb-brand img')
    expect(await logo.getAttribute('alt')).toBe('Menu Journey logo')
    expect(await logo.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    expect(await visitor.getByRole('navigation', { name: 'Social media' }).getByRole('link', { name: 'Instagram' }).getAttribute('href')).toBe('https://www.instagram.com/menujourney')
    // Every font came from the site itself; the page names no other font host.
    expect(fontRequests.length).toBeGreaterThan(0)
    for (const url of fontRequests) expect(new URL(url).host).toBe(`menu-journey.localhost:${sitePort}`)
    const html = (await httpGet(sitePort, '/bridal', { host: `menu-journey.localhost:${sitePort}` })).body
    expect([...html.matchAll(/url\(([^)]+)\)/g)].map(match => match[1]).every(url => url!.startsWith('/_fonts/') || url!.startsWith('/_blocks/'))).toBe(true)
    expect(html).not.toMatch(/fonts\.(googleapis|gstatic)|use\.typekit|fonts\.bunny/)
    if (SHOTS) {
      await visitor.screenshot({ path: `${SHOTS}/site-with-menu-1280.png`, fullPage: true })
      await visitor.setViewportSize({ width: 375, height: 800 })
      await visitor.screenshot({ path: `${SHOTS}/site-with-menu-375.png`, fullPage: true })
    }
  })
})
