import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { findFreePort } from '@flectar/db/embedded'
import { createProject } from '@flectar/sites'
import { startFakeStripe, type FakeStripe } from '@flectar/stripe/fake'
import { openE2eDatabase } from './support/accounts'
import { httpRequest, startBuiltApp, waitUntilHealthy, type RunningApp } from './support/apps'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'

const PLATFORM_KEY = 'sk_test_FlectarE2ePlatformBilling'
const PLATFORM_WEBHOOK = 'whsec_FlectarE2ePlatformBilling'
const SCREENSHOTS = '/tmp'

/**
 * Platform billing, switched on for an admin of its own (the run's admin keeps the default,
 * off): an owner on the 3-site Starter plan is refused a 4th site with a 402 naming the limit,
 * sees it in Settings → Billing, upgrades to Business through Stripe Checkout on the platform's
 * account, and then adds the site.
 */
describe('an owner reaches the plan\'s site limit and upgrades through Stripe', () => {
  const database = openE2eDatabase()
  let stripe: FakeStripe
  let admin: RunningApp
  let origin: string
  let browser: Browser
  let page: Page
  let owner: Awaited<ReturnType<typeof database.createOwner>>

  const api = async (method: string, path: string, body?: unknown) => {
    const text = body === undefined ? undefined : JSON.stringify(body)
    const answer = await httpRequest(admin.port, method, path, { origin, cookie: owner.cookie, ...(text ? { 'content-type': 'application/json' } : {}) }, text)
    return { status: answer.status, body: JSON.parse(answer.body || 'null') }
  }
  const newSite = (slug: string) => api('POST', `/api/orgs/${owner.orgId}/projects`, {
    name: slug, slug, templateKey: 'link-in-bio', address: 'Calle Mayor 1\n28013 Madrid', phone: '+34 910 000 001', email: 'owner@upgrade-the-plan.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en',
  })

  beforeAll(async () => {
    const port = await findFreePort()
    origin = `http://localhost:${port}`
    stripe = await startFakeStripe({ webhookSecret: PLATFORM_WEBHOOK, webhookUrl: `http://127.0.0.1:${port}/api/webhooks/platform-billing` })
    admin = startBuiltApp('admin', port, {
      ...inject('appEnv'),
      ADMIN_URL: origin,
      PLATFORM_BILLING: 'true',
      PLATFORM_STRIPE_SECRET_KEY: PLATFORM_KEY,
      PLATFORM_STRIPE_WEBHOOK_SECRET: PLATFORM_WEBHOOK,
      STRIPE_API_URL: stripe.url,
    })
    await waitUntilHealthy(admin)
    owner = await database.createOwner('owner@upgrade-the-plan.example', 'Upgrade The Plan')
    await createProject(database.db, owner.orgId, { name: 'First Salon', slug: 'upgrade-first-salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)
    browser = await launchBrowser()
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.93' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: origin }])
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await admin?.stop()
    await stripe?.stop()
    await database.close()
  })

  async function choosePlan(name: string) {
    await page.getByRole('button', { name: `Choose ${name}` }).click()
    await page.getByRole('heading', { name: 'Fake Stripe Checkout' }).waitFor()
    expect(page.url().startsWith(stripe.url)).toBe(true)
    await page.getByRole('button', { name: /^Pay|^Subscribe/ }).first().click()
    await page.waitForURL(`${origin}/settings/billing?checkout=done`)
    await page.getByText(`${name} plan`, { exact: true }).waitFor()
  }

  it('on Free, shows the usage and refuses a second site with a 402 that names the limit', async () => {
    await openPage(page, `${origin}/settings/billing`)
    await page.getByText('Free plan', { exact: true }).waitFor()
    await page.getByText('1 of 1').waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await page.screenshot({ path: `${SCREENSHOTS}/billing-free-375.png`, fullPage: true })
    const refused = await newSite('upgrade-second-salon')
    expect(refused.status).toBe(402)
    expect(refused.body.error).toMatchObject({ code: 'plan_limit_reached', limit: 'sites', allowed: 1, used: 1, plan: 'free' })
  })

  it('refuses the 4th site on Starter (3 sites) and allows it after upgrading to Business', async () => {
    await choosePlan('Starter')
    expect((await newSite('upgrade-second-salon')).status).toBe(201)
    expect((await newSite('upgrade-third-salon')).status).toBe(201)
    const refused = await newSite('upgrade-fourth-salon')
    expect(refused.status).toBe(402)
    expect(refused.body.error).toMatchObject({ code: 'plan_limit_reached', message: 'The Starter plan allows 3 sites. Upgrade the plan in Settings → Billing to go beyond it.', limit: 'sites', allowed: 3, used: 3 })

    await openPage(page, `${origin}/settings/billing`)
    await page.getByText('3 of 3').waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/billing-starter-full-375.png`, fullPage: true })
    await choosePlan('Business')
    expect((await newSite('upgrade-fourth-salon')).status).toBe(201)
    await openPage(page, `${origin}/settings/billing`)
    await page.getByText('4 of 10').waitFor()
    await page.getByRole('button', { name: 'Manage billing' }).waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SCREENSHOTS}/billing-business-375.png`, fullPage: true })
    // One plan is paid for: the Starter subscription was cancelled at Stripe when Business began.
    expect([...stripe.subscriptions.values()].map(subscription => subscription.status).sort()).toEqual(['active', 'canceled'])
  })
})
