import { eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { memberships, paymentProviderSettings, users } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { adminApi, openE2eDatabase } from './support/accounts'
import { launchBrowser, openPage } from './support/browser'

const REDSYS_KEY = 'sq7HjrUOBfKmC576ILgskD5srU870gJ7'
const PAYPAL_SECRET = 'EFlectarPayPalClientSecret-0123456789'

/** An owner connects Redsys and PayPal to a site through the admin API, as the settings page does. */
describe('an owner connects payment providers, and no secret ever comes back', () => {
  const database = openE2eDatabase()
  let owner: Awaited<ReturnType<typeof database.createOwner>>
  let base: string

  beforeAll(async () => {
    owner = await database.createOwner('owner@pay-settings.example', 'Pay Settings')
    const created = await adminApi('POST', `/api/orgs/${owner.orgId}/projects`, {
      cookie: owner.cookie,
      body: { name: 'Pay Settings Salon', slug: 'pay-settings-salon', templateKey: 'salon', address: 'Calle Mayor 1\n28013 Madrid', phone: '+34 910 000 003', email: 'hello@pay-settings.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'es' },
    })
    expect(created.status, created.body).toBe(201)
    base = `/api/orgs/${owner.orgId}/projects/${(JSON.parse(created.body) as { id: string }).id}/payments/providers`
  })
  afterAll(() => database.close())

  it('saves Redsys with the route and shape of the contract, shows only the key\'s last characters, and keeps it encrypted', async () => {
    const saved = await adminApi('PUT', `${base}/redsys`, { cookie: owner.cookie, body: { merchantCode: '999008881', terminal: '1', secretKey: REDSYS_KEY, environment: 'test', bizum: true, enabled: true } })
    expect(saved.status, saved.body).toBe(200)
    expect(saved.body).not.toContain(REDSYS_KEY)
    expect(JSON.parse(saved.body)).toMatchObject({ provider: 'redsys', connected: true, enabled: true, environment: 'test', config: { merchantCode: '999008881', bizum: true }, secrets: { secretKey: { set: true, endsWith: '0gJ7' } } })

    const listed = await adminApi('GET', base, { cookie: owner.cookie })
    expect(listed.status).toBe(200)
    expect(listed.body).not.toContain(REDSYS_KEY)
    expect((JSON.parse(listed.body) as { data: Array<{ provider: string, connected: boolean }> }).data.map(view => `${view.provider}:${view.connected}`)).toEqual(['stripe:false', 'paypal:false', 'redsys:true', 'on_site:false'])
    const rows = await database.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.orgId, owner.orgId))
    expect(JSON.stringify(rows)).not.toContain(REDSYS_KEY)
  })

  it('answers bad settings with a 422 naming each field, and a missing secret with its own message', async () => {
    const bad = await adminApi('PUT', `${base}/redsys`, { cookie: owner.cookie, body: { merchantCode: '12', terminal: 'one', environment: 'prod', bizum: 'yes', enabled: true } })
    expect(bad.status).toBe(422)
    expect(Object.keys((JSON.parse(bad.body) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(['bizum', 'environment', 'merchantCode', 'terminal'])

    const noSecret = await adminApi('PUT', `${base}/paypal`, { cookie: owner.cookie, body: { clientId: 'AFlectarClientId0123', webhookId: '8PT597110X687430LKGECATA', environment: 'sandbox', enabled: true } })
    expect(noSecret.status).toBe(422)
    expect(JSON.parse(noSecret.body)).toMatchObject({ error: { code: 'invalid_input', fields: { clientSecret: 'Enter the client secret of your PayPal app.' } } })

    const paypal = await adminApi('PUT', `${base}/paypal`, { cookie: owner.cookie, body: { clientId: 'AFlectarClientId0123', clientSecret: PAYPAL_SECRET, webhookId: '8PT597110X687430LKGECATA', environment: 'sandbox', enabled: true } })
    expect(paypal.status, paypal.body).toBe(200)
    expect(paypal.body).not.toContain(PAYPAL_SECRET)
  })

  it('is a 404 for a provider that does not exist, and an editor may not see or change any of it', async () => {
    expect((await adminApi('PUT', `${base}/bitcoin`, { cookie: owner.cookie, body: {} })).status).toBe(404)
    const editor = await database.createOwner('editor@pay-settings.example', 'Editor Org')
    const [editorUser] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'editor@pay-settings.example'))
    await database.db.insert(memberships).values({ orgId: owner.orgId, userId: editorUser!.id, role: 'editor' })
    expect((await adminApi('GET', base, { cookie: editor.cookie })).status).toBe(403)
    expect((await adminApi('PUT', `${base}/redsys`, { cookie: editor.cookie, body: { merchantCode: '999008881', terminal: '1', environment: 'live', bizum: false, enabled: true } })).status).toBe(403)
    // Nothing the editor sent reached the stored settings.
    const listed = JSON.parse((await adminApi('GET', base, { cookie: owner.cookie })).body) as { data: Array<{ provider: string, environment: string }> }
    expect(listed.data.find(view => view.provider === 'redsys')?.environment).toBe('test')
  })
})

/** The same in the admin, as an owner does it: Settings › Payments, in Chromium, on a phone. */
describe('an owner connects Redsys from Settings › Payments', () => {
  const database = openE2eDatabase()
  const admin = `http://localhost:${inject('adminPort')}`
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('types the terminal\'s details once, sees it connected, and the key is never shown again', async () => {
    const owner = await database.createOwner('owner@pay-settings-ui.example', 'Pay Settings UI')
    const project = await createProject(database.db, owner.orgId, { name: 'Pay UI', slug: 'pay-ui', timeZone: 'Europe/Madrid', defaultLocale: 'es' }, SYSTEM_ACTOR, { published: true })
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.71' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await openPage(page, `${admin}/projects/${project.id}?tab=settings&section=payments`)

    const redsys = page.locator('form').filter({ hasText: 'Merchant code (FUC)' })
    await redsys.getByLabel('Merchant code (FUC)').fill('12345')
    await redsys.getByRole('button', { name: 'Connect Redsys' }).click()
    await expect.poll(() => redsys.getByText('Enter the 9-digit merchant code (FUC) your bank gave you.').isVisible()).toBe(true)

    await redsys.getByLabel('Merchant code (FUC)').fill('999008881')
    await redsys.getByLabel('Terminal').fill('1')
    await redsys.getByLabel('Secret key (SHA-256)').fill(REDSYS_KEY)
    await redsys.getByRole('button', { name: 'Connect Redsys' }).click()
    await expect.poll(async () => (await page.getByText('Redsys saved').count()) > 0).toBe(true)
    await expect.poll(() => page.getByText('Stored, ending in 0gJ7. Leave empty to keep it.').isVisible()).toBe(true)
    expect(await redsys.getByLabel('Secret key (SHA-256)').inputValue()).toBe('')
    expect(await page.content()).not.toContain(REDSYS_KEY)
    expect(await redsys.getByLabel('Webhook URL').inputValue()).toBe(`${admin}/api/webhooks/redsys/${project.id}`)
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/payments-settings-375.png`, fullPage: true })

    // A save without the key keeps it.
    await redsys.getByRole('button', { name: 'Save Redsys' }).click()
    await expect.poll(async () => (await page.getByText('Redsys saved').count()) > 0).toBe(true)
    const stored = await database.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.projectId, project.id))
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(REDSYS_KEY)

    // Stripe, then "test connection" against the run's fake Stripe: a good key, then a bad one.
    const stripe = page.locator('form').filter({ hasText: 'Webhook signing secret' })
    await stripe.getByLabel('Secret key').fill('sk_test_FlectarE2eConnectionTest')
    await stripe.getByLabel('Webhook signing secret').fill('whsec_FlectarE2eConnectionTest')
    await stripe.getByRole('button', { name: 'Connect Stripe' }).click()
    await expect.poll(async () => (await page.getByText('Stripe saved').count()) > 0).toBe(true)
    await stripe.getByRole('button', { name: 'Test connection' }).click()
    await expect.poll(async () => (await page.getByText('Stripe accepted the key.').count()) > 0).toBe(true)
    await stripe.getByLabel('Secret key').fill('sk_live_FlectarE2eNotThisFakesKey')
    await stripe.getByRole('button', { name: 'Save Stripe' }).click()
    await expect.poll(async () => (await page.getByText('Stripe saved').count()) > 0).toBe(true)
    await stripe.getByRole('button', { name: 'Test connection' }).click()
    await expect.poll(() => page.getByText(/Stripe refused the credentials \(401\)/).first().isVisible()).toBe(true)
    expect(await page.content()).not.toContain('FlectarE2eNotThisFakesKey')
    // Redsys offers no such call: no button.
    expect(await redsys.getByRole('button', { name: 'Test connection' }).count()).toBe(0)
    await context.close()
  })
})
