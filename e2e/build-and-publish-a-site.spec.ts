import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { openE2eDatabase } from './support/accounts'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`
const sitePort = inject('sitePort')

async function waitUntilSaved(page: Page) {
  await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor()
}

describe('an owner builds a site from a template and publishes it', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let cookie: string

  beforeAll(async () => {
    browser = await launchBrowser()
    cookie = (await database.createOwner('builder@example.com', 'Builder Co')).cookie
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('edits, previews, publishes, and publishes a second language separately', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.50' } })
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    const site = `http://journey-salon.localhost:${sitePort}`

    // New site from the salon template, through the wizard, then published (a new site is a draft).
    await openPage(page, `${admin}/projects`)
    await page.getByRole('link', { name: 'New site' }).click()
    await page.waitForURL(`${admin}/projects/new`)
    await page.getByLabel('Business name').fill('Journey Salon')
    await page.getByRole('radio', { name: /Hair salon/ }).click()
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByLabel('Address', { exact: true }).fill('Calle Mayor 1\n28013 Madrid')
    await page.getByLabel('Phone', { exact: true }).fill('+34 910 000 002')
    await page.getByLabel('Email', { exact: true }).fill('hello@journey-salon.es')
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByRole('button', { name: 'Create my site' }).click()
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
    await page.getByRole('button', { name: 'Publish site' }).click()
    await page.getByText('Your site is live').first().waitFor()
    await page.getByRole('list', { name: 'Pages' }).getByText('Home').click()
    await page.waitForURL(/\/pages\/[0-9a-f-]{36}$/)

    const visitor = await context.newPage()
    await visitor.goto(site)
    const originalHeading = await visitor.getByRole('heading', { level: 1 }).textContent()
    expect(originalHeading).toBe('Hair that feels like you, only better')
    // A tab in the background gets no animation frames, so every click there would wait for
    // Playwright's stability check to time out: bring the editor's tab forward when using it.
    await page.bringToFront()

    // Edit the hero heading and swap the second and third blocks.
    await page.getByRole('button', { name: 'Edit Hero block 1' }).click()
    await page.getByLabel('Heading', { exact: true }).fill('Fresh cuts, calm chairs')
    await waitUntilSaved(page)
    await page.getByRole('button', { name: 'Move block 2 down' }).click()
    await waitUntilSaved(page)

    // The preview shows the draft; the public site still shows the published page.
    // The live preview beside the form has a link to open the draft in a tab of its own.
    const previewUrl = await page.getByTestId('preview-link').getAttribute('href')
    const preview = await context.newPage()
    const previewResponse = await preview.goto(previewUrl!)
    expect(previewResponse?.headers()['cache-control']).toBe('no-store')
    expect(await preview.getByRole('heading', { level: 1 }).textContent()).toBe('Fresh cuts, calm chairs')
    await preview.getByText('Preview of unpublished changes').waitFor()
    await visitor.goto(site)
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(originalHeading)

    // Publish: visitors now get the new text and the new order (the page cache was purged).
    await page.bringToFront()
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByText('Published', { exact: true }).waitFor()
    await visitor.goto(site)
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Fresh cuts, calm chairs')
    const order = await visitor.evaluate(() => [...document.querySelectorAll('main section[id^="block-"]')].map(section => section.id))
    expect(order.slice(0, 3)).toEqual(['block-welcome', 'block-reviews', 'block-services'])

    // A second language: Spanish home page, published on its own under /es/.
    await page.bringToFront()
    await page.getByRole('link', { name: 'Back to pages' }).click()
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByLabel('Other languages').fill('es')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('Settings saved', { exact: true }).waitFor()
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Pages' }).click()
    await page.getByRole('button', { name: 'New page' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Title').fill('Inicio')
    await dialog.getByLabel('Path').fill('/')
    await dialog.getByRole('combobox').click()
    await page.getByRole('option', { name: 'es' }).click()
    await dialog.getByRole('button', { name: 'Create page' }).click()
    await page.waitForURL(/\/pages\/[0-9a-f-]{36}$/)
    await page.getByRole('button', { name: 'Add block' }).click()
    await page.getByRole('dialog').getByRole('button', { name: /^Hero/ }).click()
    await page.getByLabel('Heading', { exact: true }).fill('Cortes frescos')
    await waitUntilSaved(page)

    const spanish = await visitor.goto(`${site}/es`)
    expect(spanish?.status()).toBe(404)
    await page.bringToFront()
    // The first publication's toast must be gone, so that the next one is this one's.
    await page.getByText('Published', { exact: true }).waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByText('Published', { exact: true }).waitFor()
    await visitor.goto(`${site}/es`)
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Cortes frescos')
    expect(await visitor.locator('html').getAttribute('lang')).toBe('es')
    await visitor.goto(site)
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Fresh cuts, calm chairs')
  })
})
