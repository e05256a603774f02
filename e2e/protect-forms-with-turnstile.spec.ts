import { and, eq } from 'drizzle-orm'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { bookings, bookingServices, conversationMessages, customers } from '@flectar/db'
import { getTurnstileSettings } from '@flectar/messaging'
import { TURNSTILE_TEST_KEYS } from '@flectar/turnstile'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpRequest } from './support/apps'
import { launchBrowser, newVisitor, openPage } from './support/browser'
import { seedDepositSite } from './support/deposit-site'

const adminPort = inject('adminPort')
const sitePort = inject('sitePort')
const admin = `http://localhost:${adminPort}`
const SLUG = 'turnstile-journey'
const site = `http://${SLUG}.localhost:${sitePort}`
const CLOUDFLARE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js'

/**
 * Stands in for Cloudflare's api.js (nothing outside this machine is reachable): like the real
 * widget with a test site key, it puts a token in each `.cf-turnstile` as the form field
 * `cf-turnstile-response`. The run's fake siteverify then answers as Cloudflare's test secrets do.
 */
const WIDGET_STUB = `document.querySelectorAll('.cf-turnstile').forEach(function (widget) {
  var input = document.createElement('input'); input.type = 'hidden'; input.name = 'cf-turnstile-response'; input.value = 'XXXX.DUMMY.TOKEN.XXXX'; widget.appendChild(input)
})`

/**
 * An owner turns Turnstile on in Settings › Spam protection with Cloudflare's test keys; the
 * contact form and the booking details form then carry the widget, and a post passes or is
 * turned away as siteverify says, with nothing stored for one it refuses.
 */
describe('an owner protects the contact and booking forms with Turnstile', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let ownerPage: Page
  let visitor: BrowserContext
  let owner: Awaited<ReturnType<typeof database.createOwner>>
  let projectId: string
  let serviceId: string
  const settingsPath = () => `/api/orgs/${owner.orgId}/projects/${projectId}/turnstile`
  const onSite = (path: string, ip: string) => httpRequest(sitePort, 'GET', path, { 'host': `${SLUG}.localhost:${sitePort}`, 'x-forwarded-for': ip })
  const formMessagesFrom = async (name: string) => (await database.db.select().from(conversationMessages)
    .where(and(eq(conversationMessages.projectId, projectId), eq(conversationMessages.channel, 'form')))).filter(row => row.fields?.name === name)
  const bookingsOf = async (email: string) => await database.db.select({ id: bookings.id }).from(bookings).innerJoin(customers, eq(customers.id, bookings.customerId))
    .where(and(eq(bookings.projectId, projectId), eq(customers.email, email)))
  /** The owner switches the secret to Cloudflare's always-failing (or back to the passing) test secret. */
  const useSecret = async (secretKey: string) => {
    const saved = await adminApi('PUT', settingsPath(), { cookie: owner.cookie, body: { enabled: true, siteKey: TURNSTILE_TEST_KEYS.sitekeyPasses, secretKey } })
    expect(saved.status, saved.body).toBe(200)
  }

  beforeAll(async () => {
    owner = await database.createOwner('owner@turnstile-journey.example', 'Turnstile Journey Salon')
    const seeded = await seedDepositSite(database.db, owner.orgId, SLUG)
    projectId = seeded.project.id
    serviceId = seeded.serviceId
    // Nothing to pay up front: the confirmation books at once.
    await database.db.update(bookingServices).set({ depositKind: 'none', depositValue: 0 }).where(eq(bookingServices.id, serviceId))
    browser = await launchBrowser()
    const ownerContext = await newVisitor(browser, '203.0.113.201')
    const [name, value] = owner.cookie.split('=') as [string, string]
    await ownerContext.addCookies([{ name, value, url: admin }])
    ownerPage = await ownerContext.newPage()
    visitor = await newVisitor(browser, '203.0.113.202', { width: 375, height: 800 })
    await visitor.route('https://challenges.cloudflare.com/**', route => route.fulfill({ contentType: 'text/javascript', body: WIDGET_STUB }))
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('shows no widget and no Cloudflare script while Turnstile is off', async () => {
    const contact = await onSite('/contact', '203.0.113.203')
    expect(contact.status).toBe(200)
    expect(contact.body).toContain('action="/api/forms/contact"')
    expect(contact.body).not.toMatch(/cf-turnstile|challenges\.cloudflare\.com/)
  })

  it('the owner turns it on with Cloudflare\'s test keys in Settings › Spam protection', async () => {
    await openPage(ownerPage, `${admin}/projects/${projectId}?tab=settings&section=spam`)
    await ownerPage.getByText(TURNSTILE_TEST_KEYS.secretPasses).waitFor()
    await ownerPage.getByRole('button', { name: 'Fill in the test keys' }).click()
    await ownerPage.getByRole('button', { name: 'Save spam protection' }).click()
    await ownerPage.getByText('Spam protection saved').first().waitFor()
    expect(await getTurnstileSettings(database.db, { orgId: owner.orgId, projectId })).toEqual({
      configured: true, enabled: true, siteKey: TURNSTILE_TEST_KEYS.sitekeyPasses, secretKey: { set: true, endsWith: TURNSTILE_TEST_KEYS.secretPasses.slice(-4) },
    })
    // The secret is write-only: shown back by its last characters, never in full.
    await ownerPage.getByText(`Stored, ending in ${TURNSTILE_TEST_KEYS.secretPasses.slice(-4)}`).waitFor()
    const shown = await adminApi('GET', settingsPath(), { cookie: owner.cookie })
    expect(JSON.parse(shown.body)).toMatchObject({ enabled: true, secretKey: { set: true } })
    expect(shown.body.replace(JSON.stringify(JSON.parse(shown.body).testKeys), '')).not.toContain(TURNSTILE_TEST_KEYS.secretPasses)
  })

  it('a visitor sends the contact form through the widget, and it lands in the inbox', async () => {
    // Only pages with a protected form load Cloudflare's script (the stored pages were dropped on save).
    expect((await onSite('/', '203.0.113.204')).body).not.toContain('challenges.cloudflare.com')
    const page = await visitor.newPage()
    await page.goto(`${site}/contact`)
    expect(await page.locator(`script[src="${CLOUDFLARE_SCRIPT}"]`).count()).toBe(1)
    await page.locator(`form .cf-turnstile[data-sitekey="${TURNSTILE_TEST_KEYS.sitekeyPasses}"] input[name="cf-turnstile-response"]`).waitFor({ state: 'attached' })
    await page.getByLabel('Name').fill('Tess Turnstile')
    await page.getByLabel('Email').fill('tess@turnstile-journey.example')
    await page.getByLabel('Message').fill('Do you have time on Friday?')
    await page.getByRole('button', { name: 'Send message' }).click()
    await page.waitForURL(/\/contact\?sent=1/)
    expect((await formMessagesFrom('Tess Turnstile')).map(row => row.fields?.message)).toEqual(['Do you have time on Friday?'])
    await page.close()
  })

  it('a post siteverify refuses shows why and stores nothing', async () => {
    await useSecret(TURNSTILE_TEST_KEYS.secretFails)
    const page = await visitor.newPage()
    await page.goto(`${site}/contact`)
    await page.locator('form .cf-turnstile input[name="cf-turnstile-response"]').waitFor({ state: 'attached' })
    await page.getByLabel('Name').fill('Rita Refused')
    await page.getByLabel('Email').fill('rita@turnstile-journey.example')
    await page.getByLabel('Message').fill('Cheap watches!')
    await page.getByRole('button', { name: 'Send message' }).click()
    await page.waitForURL(/\/contact\?error=captcha#block-contact/)
    await page.getByRole('alert').filter({ hasText: 'Please complete the check that you are a person, then send again.' }).waitFor()
    expect(await formMessagesFrom('Rita Refused')).toEqual([])
    await page.close()
  })

  it('the booking details form carries the widget: refused, the visitor stays on it with the reason; passed, the booking goes through', async () => {
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const to = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10)
    const slots = JSON.parse((await onSite(`/api/v1/projects/${SLUG}/availability?serviceId=${serviceId}&from=${from}&to=${to}&timeZone=Europe/Madrid`, '203.0.113.205')).body) as { slots: Array<{ start: string }> }
    const page = await visitor.newPage()
    await page.goto(`${site}/book/details?service=${serviceId}&start=${encodeURIComponent(slots.slots[0]!.start)}`)
    await page.locator('form .cf-turnstile[data-action="booking"] input[name="cf-turnstile-response"]').waitFor({ state: 'attached' })
    await page.getByLabel('Name').fill('Bea Booker')
    await page.getByLabel('Email').fill('bea@turnstile-journey.example')
    const refused = page.waitForResponse(response => response.url().endsWith('/book/details') && response.request().method() === 'POST')
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    expect((await refused).status()).toBe(422)
    await page.locator('#bk-turnstile-error').filter({ hasText: 'Complete the check that you are a person, then continue.' }).waitFor()
    expect(await bookingsOf('bea@turnstile-journey.example')).toEqual([])

    // A confirmation posted straight past the details step books nothing either.
    const skipped = await httpRequest(sitePort, 'POST', '/book/confirm', { 'host': `${SLUG}.localhost:${sitePort}`, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.206' },
      new URLSearchParams({ 'service': serviceId, 'start': slots.slots[0]!.start, 'customer.name': 'Bea Booker', 'customer.email': 'bea@turnstile-journey.example' }).toString())
    expect(skipped.status).toBe(422)
    expect(skipped.body).toContain('Please confirm again that you are a person, then continue.')
    expect(await bookingsOf('bea@turnstile-journey.example')).toEqual([])

    await useSecret(TURNSTILE_TEST_KEYS.secretPasses)
    // The form came back filled in, with a fresh widget.
    await page.locator('form .cf-turnstile input[name="cf-turnstile-response"]').waitFor({ state: 'attached' })
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Check and confirm' }).waitFor()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.waitForURL(/\/book\/done\?/)
    expect(await bookingsOf('bea@turnstile-journey.example')).toHaveLength(1)
    await page.close()
  })
})
