import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpGet } from './support/apps'
import { launchBrowser, newVisitor, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`
const sitePort = inject('sitePort')
const SHOTS = process.env.E2E_SCREENSHOTS

// What the templates were once written with: none of it may reach a new site's pages,
// titles, Open Graph, footer, map or JSON-LD (templates/owner-identity.test.ts checks the data).
const AUTHORS_IDENTITIES = [
  'Willow', 'Wren', 'willowandwren', 'Elm Row', 'Edinburgh', 'EH7', 'Olive &amp; Ember', 'Olive & Ember', 'Bermondsey', 'London',
  '020 7946', 'Northside', 'northsidephysio', 'Manchester', 'Cheetham', '0161', 'Harbour', 'Walcot', 'Bath ', 'BA1', 'BA2', '01225',
  'Mara Lindqvist', 'maralindqvist', 'Tromsø', 'Sol Rivera', 'solrivera', 'Lisbon', '£',
]

const owner = {
  business: 'Peluquería Lucía Ortega',
  street: 'Calle de Fuencarral 45',
  town: '28004 Madrid',
  phone: '+34 912 345 678',
  email: 'hola@lucia-journey.es',
}

function expectOwnersNotAuthors(html: string, where: string) {
  for (const identity of AUTHORS_IDENTITIES) expect(html, `${where} shows "${identity}"`).not.toContain(identity)
  expect(html, `${where}: made-up .example domains`).not.toMatch(/[\w-]\.example(?![.\w])/)
}

function jsonLdOf(html: string): Record<string, unknown> | undefined {
  const match = /<script[^>]*type="application\/ld\+json"[^>]*>([^<]*)<\/script>/.exec(html)
  return match ? JSON.parse(match[1]!) as Record<string, unknown> : undefined
}

/** The paths of a project's pages, as the admin lists them. */
async function pagePathsOf(cookie: string, orgId: string, projectId: string): Promise<string[]> {
  const listed = await adminApi('GET', `/api/orgs/${orgId}/projects/${projectId}/pages`, { cookie })
  expect(listed.status, listed.body).toBe(200)
  return [...new Set((JSON.parse(listed.body) as { data: Array<{ path: string }> }).data.map(page => page.path))]
}

async function pickFromSelectMenu(page: Page, label: string, search: string, option: string | RegExp) {
  await page.getByLabel(label, { exact: true }).click()
  await page.getByPlaceholder(/^Search/).fill(search)
  await page.getByRole('option', { name: option }).first().click()
}

describe('a salon owner signs up and makes the site theirs', () => {
  let browser: Browser
  const database = openE2eDatabase()
  beforeAll(async () => {
    browser = await launchBrowser()
    if (SHOTS) mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('sign up → wizard (salon, Madrid, EUR) → coming soon → publish → the site is the owner\'s and /book offers a time', async () => {
    const context = await newVisitor(browser, '203.0.113.90')
    const page = await context.newPage()
    await openPage(page, `${admin}/sign-up`)
    await page.getByLabel('Name', { exact: true }).fill('Lucía')
    await page.getByLabel('Surname', { exact: true }).fill('Ortega')
    await page.getByLabel('Business name').fill(owner.business)
    await page.getByLabel('Email').fill('lucia@lucia-journey.es')
    await page.getByLabel('Password').fill('lucia strong password')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByText('Check your inbox').waitFor()
    await page.goto(await database.linkFromEmail('lucia@lucia-journey.es', 'auth.verify_email'))
    await page.waitForURL(`${admin}/?welcome=1`)

    // Home: no site yet, and no link to anyone else's.
    await page.getByText('Welcome, Lucía').waitFor()
    expect(await page.getByRole('link', { name: /demo/i }).count()).toBe(0)
    await page.getByRole('link', { name: 'Create your site' }).click()
    await page.waitForURL(`${admin}/projects/new`)

    // Step 1: name and kind.
    await page.getByLabel('Business name').fill(owner.business)
    await page.getByRole('radio', { name: /Hair salon/ }).click()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wizard-1280-business.png`, fullPage: true })
    await page.getByRole('button', { name: 'Next' }).click()
    // Step 2: the owner's contact details.
    await page.getByLabel('Address', { exact: true }).fill(`${owner.street}\n${owner.town}`)
    await page.getByLabel('Phone', { exact: true }).fill(owner.phone)
    await page.getByLabel('Email', { exact: true }).fill(owner.email)
    await page.getByRole('button', { name: 'Next' }).click()
    // Step 3: the zone and currency from searchable lists.
    await pickFromSelectMenu(page, 'Time zone', 'Madrid', 'Europe/Madrid')
    await pickFromSelectMenu(page, 'Currency', 'EUR', /^EUR · Euro/)
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wizard-1280-region.png`, fullPage: true })
    await page.getByRole('button', { name: 'Create my site' }).click()
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
    const projectId = page.url().split('/').pop()!

    const [project] = await database.db.query.projects.findMany({ where: (projects, { eq }) => eq(projects.id, projectId) })
    expect(project).toMatchObject({ name: owner.business, timeZone: 'Europe/Madrid', currency: 'EUR', sitePublishedAt: null })
    const host = { host: `${project!.slug}.localhost:${sitePort}` }

    // A draft: the public host says "coming soon", and asks not to be indexed.
    const soon = await httpGet(sitePort, '/', host)
    expect(soon.status).toBe(200)
    expect(soon.headers['x-robots-tag']).toContain('noindex')
    expect(soon.body).toContain('<meta name="robots" content="noindex">')
    expect(soon.body).toContain('Coming soon')
    expect(soon.body).toContain('Peluquería Lucía Ortega')
    expect(soon.body).not.toContain('Hair that feels like you')
    expect((await httpGet(sitePort, '/services', host)).body).toContain('Coming soon')
    expect((await httpGet(sitePort, '/robots.txt', host)).body).toContain('Disallow: /\n')

    // Publish from the site's pages.
    await page.getByText('This site is a draft').waitFor()
    await page.getByRole('button', { name: 'Publish site' }).click()
    await page.getByText('Your site is live').first().waitFor()

    // Every page is the owner's: title, Open Graph, footer, contact block, map and JSON-LD.
    const session = (await context.cookies(admin)).find(cookie => cookie.name === 'flectar_session')!
    const paths = await pagePathsOf(`flectar_session=${session.value}`, project!.orgId, projectId)
    expect(paths).toEqual(expect.arrayContaining(['/', '/services', '/team', '/gallery', '/contact']))
    for (const path of paths) {
      const response = await httpGet(sitePort, path, host)
      expect(response.status, path).toBe(200)
      expect(response.headers['x-robots-tag'], path).toBeUndefined()
      expect(response.body, path).toMatch(/<title>[^<]*Peluquería Lucía Ortega<\/title>/)
      expect(response.body, path).toMatch(/<meta property="og:title" content="[^"]*Peluquería Lucía Ortega"/)
      expect(response.body, path).toContain(`mailto:${owner.email}`)
      expect(response.body, path).toContain('tel:+34912345678')
      expectOwnersNotAuthors(response.body, path)
      expect(jsonLdOf(response.body), path).toMatchObject({
        '@type': 'LocalBusiness',
        'name': owner.business,
        'telephone': owner.phone,
        'email': owner.email,
        'address': { streetAddress: owner.street, postalCode: '28004', addressLocality: 'Madrid' },
      })
    }
    const contact = (await httpGet(sitePort, '/contact', host)).body
    expect(contact).toContain(owner.street)
    expect(contact).toContain(owner.town)
    const hours = jsonLdOf(contact)!.openingHoursSpecification as Array<{ dayOfWeek: string, opens: string, closes: string }>
    expect(hours).toContainEqual({ '@type': 'OpeningHoursSpecification', 'dayOfWeek': 'https://schema.org/Thursday', 'opens': '11:00', 'closes': '20:30' })
    expect(hours.some(row => row.dayOfWeek.endsWith('Monday'))).toBe(false)
    const services = (await httpGet(sitePort, '/services', host)).body
    expect(services).toContain('€48.00')

    // /book offers a service in euros and a time, with no setup by hand.
    const offered = JSON.parse((await httpGet(sitePort, `/api/v1/projects/${project!.slug}/services`, host)).body) as { data: Array<{ id: string, name: string, price: { currency: string } }> }
    expect(offered.data.length).toBeGreaterThan(0)
    expect(offered.data.every(service => service.price.currency === 'EUR')).toBe(true)
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    const to = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const slots = JSON.parse((await httpGet(sitePort, `/api/v1/projects/${project!.slug}/availability?serviceId=${offered.data[0]!.id}&from=${from}&to=${to}&timeZone=Europe/Madrid`, host)).body) as { slots: unknown[] }
    expect(slots.slots.length).toBeGreaterThan(0)
    const book = await httpGet(sitePort, '/book', host)
    expect(book.status).toBe(200)
    expect(book.body).toContain(offered.data[0]!.name.replace('&', '&amp;'))

    // The template's testimonials are marked as examples in the editor until edited.
    await page.getByRole('list', { name: 'Pages' }).getByText('Home').click()
    await page.waitForURL(/\/pages\/[0-9a-f-]{36}$/)
    await page.getByText('Example — edit or remove').first().waitFor()
    expect(await page.getByText('Example — edit or remove').count()).toBe(1)
    await page.getByRole('button', { name: /^Edit Testimonials block/ }).click()
    await page.getByLabel('Heading', { exact: true }).fill('What our clients say')
    await page.getByText('Example — edit or remove').waitFor({ state: 'hidden' })

    // Home: the checklist ticks what is done and links to the rest.
    await openPage(page, `${admin}/`)
    const steps = page.getByRole('list', { name: `Next steps for ${owner.business}` })
    await steps.getByText('Publish your site (done)').waitFor()
    await steps.getByText('Services and opening hours (done)').waitFor()
    await steps.getByText('Your own photos (to do)').waitFor()
    expect(await page.getByRole('link', { name: `Open ${owner.business}` }).getAttribute('href')).toBe(`http://${project!.slug}.localhost:${sitePort}`)
    await context.close()
  })

  it('the wizard fits a 375 px phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, timezoneId: 'Europe/Madrid', locale: 'es-ES', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.91' } })
    const { cookie } = await database.createOwner('phone@lucia-journey.es', 'Phone Salon')
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await openPage(page, `${admin}/projects/new`)
    await page.getByLabel('Business name').fill('Phone Salon')
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(await overflow()).toBeLessThanOrEqual(0)
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wizard-375-business.png`, fullPage: true })
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByLabel('Address', { exact: true }).fill('Calle Mayor 1\n28013 Madrid')
    await page.getByLabel('Phone', { exact: true }).fill('+34 910 000 001')
    await page.getByLabel('Email', { exact: true }).fill('phone@lucia-journey.es')
    await page.getByRole('button', { name: 'Next' }).click()
    // Detected from the browser: its zone, and the currency of its language's region.
    await page.getByLabel('Time zone', { exact: true }).getByText('Europe/Madrid').waitFor()
    await page.getByLabel('Currency', { exact: true }).getByText('EUR · Euro').waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wizard-375-region.png`, fullPage: true })
    await context.close()
  })

  it('a taken web address sends the owner back to it, and the wizard goes on once it is changed', async () => {
    const context = await newVisitor(browser, '203.0.113.93')
    const { cookie } = await database.createOwner('taken@lucia-journey.es', 'Taken Salon')
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await openPage(page, `${admin}/projects/new`)
    const next = page.getByRole('button', { name: 'Next' })
    // A step with an empty required field stays, with the field's message.
    await next.click()
    await page.getByLabel('Business name', { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor()
    await page.getByLabel('Business name', { exact: true }).fill('Demo')
    expect(await page.getByLabel('Web address', { exact: true }).inputValue()).toBe('demo')
    await next.click()
    await page.getByLabel('Address', { exact: true }).fill('Calle Mayor 2\n28013 Madrid')
    await page.getByLabel('Phone', { exact: true }).fill('+34 910 000 005')
    await page.getByLabel('Email', { exact: true }).fill('taken@lucia-journey.es')
    await next.click()
    // "demo" is the demo site's: the API refuses it and the wizard shows step 1 with the reason.
    await page.getByRole('button', { name: 'Create my site' }).click()
    const slug = page.getByLabel('Web address', { exact: true })
    await slug.and(page.locator('[aria-invalid="true"]')).waitFor()
    await slug.fill('demo-lucia-taken')
    await next.click()
    await page.getByLabel('Address', { exact: true }).waitFor()
    expect(await page.getByLabel('Address', { exact: true }).inputValue()).toBe('Calle Mayor 2\n28013 Madrid')
    await next.click()
    await page.getByRole('button', { name: 'Create my site' }).click()
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/)
    await context.close()
  })

  it('every template\'s every page, rendered and published, shows its owner and none of its authors', async () => {
    const { cookie, orgId } = await database.createOwner('templates@lucia-journey.es', 'Template Owners')
    const listed = JSON.parse((await adminApi('GET', '/api/templates', { cookie })).body) as { data: Array<{ key: string }> }
    expect(listed.data.length).toBe(6)
    for (const template of listed.data) {
      const slug = `owned-${template.key}`
      const created = await adminApi('POST', `/api/orgs/${orgId}/projects`, {
        cookie,
        body: { name: owner.business, slug, templateKey: template.key, address: `${owner.street}\n${owner.town}`, phone: owner.phone, email: owner.email, timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en' },
      })
      expect(created.status, created.body).toBe(201)
      const { id } = JSON.parse(created.body) as { id: string }
      expect((await adminApi('POST', `/api/orgs/${orgId}/projects/${id}/publish`, { cookie })).status).toBe(200)
      for (const path of await pagePathsOf(cookie, orgId, id)) {
        const response = await httpGet(sitePort, path, { host: `${slug}.localhost:${sitePort}` })
        const where = `${template.key} ${path}`
        expect(response.status, where).toBe(200)
        expectOwnersNotAuthors(response.body, where)
        expect(response.body, where).toContain(owner.business)
        expect(response.body, where).toContain(owner.email)
        expect(jsonLdOf(response.body), where).toMatchObject({ '@type': 'LocalBusiness', 'name': owner.business, 'telephone': owner.phone })
      }
    }
  })
})
