import type { Browser, Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { customerSubscriptions, payments } from '@flectar/db'
import { adminApi, openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'
import { bookingOfCustomer, reachSummary, seedDepositSite } from './support/deposit-site'
import { E2E_STRIPE_WEBHOOK_SECRET, pointFakeStripeAt } from './support/payments'

const admin = `http://localhost:${inject('adminPort')}`
const SLUG = 'subscription-yoga-studio'
const site = `http://${SLUG}.localhost:${inject('sitePort')}`
const stripeUrl = inject('stripeUrl')
const VISITOR = { name: 'Sofía Suscrita', email: 'sofia@subscribe-and-book.example' }
const SCREENSHOTS = '/tmp'

/**
 * Customer subscriptions, as the owner and a customer use them: the owner creates a plan with
 * two bookings a month in the admin; a visitor subscribes on the site and pays on Stripe's
 * page, lands on their subscription's page, books a session with it (nothing to pay), and
 * later cancels in Stripe's portal. The admin's subscriber list follows Stripe: a renewal,
 * a failed payment, the cancellation.
 */
describe('a customer subscribes on the site and books with the subscription', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let owner: Page
  let visitor: Page
  let projectId: string
  let serviceId: string
  let subscriptionPage: string

  beforeAll(async () => {
    const account = await database.createOwner('owner@subscribe-and-book.example', 'Subscribe And Book')
    const seeded = await seedDepositSite(database.db, account.orgId, SLUG)
    projectId = seeded.project.id
    serviceId = seeded.serviceId
    const stripe = await adminApi('PUT', `/api/orgs/${account.orgId}/projects/${projectId}/payments/providers/stripe`, { cookie: account.cookie, body: { secretKey: 'sk_test_FlectarE2eSubscriptions1', webhookSecret: E2E_STRIPE_WEBHOOK_SECRET, enabled: true } })
    expect(stripe.status, stripe.body).toBe(200)
    await pointFakeStripeAt(stripeUrl, `${inject('appEnv').ADMIN_URL}/api/webhooks/stripe/${projectId}`)
    browser = await launchBrowser()
    const ownerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.211' } })
    const [name, value] = account.cookie.split('=') as [string, string]
    await ownerContext.addCookies([{ name, value, url: admin }])
    owner = await ownerContext.newPage()
    visitor = await (await browser.newContext({ viewport: { width: 375, height: 800 }, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.212' } })).newPage()
  })
  afterAll(async () => {
    await pointFakeStripeAt(stripeUrl, '')
    await browser?.close()
    await database.close()
  })

  const subscriptionRow = async () => (await database.db.select().from(customerSubscriptions).where(eq(customerSubscriptions.projectId, projectId)))[0]!
  const subscribersTab = async () => {
    await openPage(owner, `${admin}/projects/${projectId}?tab=subscriptions`)
    await owner.getByText('Subscribers', { exact: true }).waitFor()
  }

  it('the owner creates a plan with two bookings a month', async () => {
    await openPage(owner, `${admin}/projects/${projectId}?tab=subscriptions`)
    await owner.getByTestId('plans-empty').waitFor()
    expect(await seriousAxeViolations(owner)).toEqual([])
    await owner.getByRole('button', { name: 'New plan' }).click()
    const dialog = owner.getByRole('dialog')
    await dialog.getByLabel('Name').fill('Yoga monthly')
    await dialog.getByLabel('Description').fill('Two classes a month, cancel any time.')
    await dialog.getByLabel('Price (EUR)').fill('39')
    await dialog.getByLabel('Includes bookings').click()
    await dialog.getByLabel('Bookings each period').fill('2')
    await owner.screenshot({ path: `${SCREENSHOTS}/subscriptions-plan-modal.png` })
    await dialog.getByRole('button', { name: 'Create plan' }).click()
    await owner.getByText('Yoga monthly created', { exact: true }).waitFor()
    await owner.getByRole('cell', { name: '€39.00 / month' }).waitFor()
    await owner.getByTestId('subscribers-empty').waitFor()
  })

  it('a visitor subscribes on the site, pays on Stripe\'s page and lands on their subscription', async () => {
    await visitor.goto(`${site}/subscribe`)
    await visitor.getByRole('heading', { name: 'Subscribe' }).waitFor()
    expect(await seriousAxeViolations(visitor)).toEqual([])
    // A mistake is shown on its field, with nothing charged.
    await visitor.getByLabel('Name').fill(VISITOR.name)
    await visitor.getByLabel('Email').fill('not-an-email')
    await visitor.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''))
    await visitor.getByRole('button', { name: 'Continue to payment' }).click()
    await visitor.getByText('Email must be an email address.').waitFor()
    await visitor.getByLabel('Email').fill(VISITOR.email)
    await visitor.getByRole('button', { name: 'Continue to payment' }).click()
    await visitor.getByRole('heading', { name: 'Fake Stripe Checkout' }).waitFor()
    expect(visitor.url().startsWith(stripeUrl)).toBe(true)
    await visitor.getByRole('button', { name: /^Pay/ }).first().click()
    await visitor.getByRole('heading', { name: 'Your subscription' }).waitFor()
    subscriptionPage = visitor.url().replace(/\?.*$/, '')
    expect(subscriptionPage).toMatch(new RegExp(`^${site}/subscriptions/`))
    await visitor.getByText(`Thank you, ${VISITOR.name}`, { exact: false }).waitFor()
    expect(await visitor.getByTestId('subscription-status').textContent()).toBe('Active')
    expect(await visitor.getByTestId('bookings-left').textContent()).toBe('2 of 2')
    expect(await seriousAxeViolations(visitor)).toEqual([])
    expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await visitor.screenshot({ path: `${SCREENSHOTS}/subscription-page-375.png`, fullPage: true })
  })

  it('books a session with the subscription: nothing to pay, one booking fewer left', async () => {
    const token = subscriptionPage.split('/').pop()!
    await reachSummary(visitor, site, serviceId, VISITOR, 1, `&sub=${encodeURIComponent(token)}`)
    await visitor.getByText('Covered by your subscription').waitFor()
    expect(await visitor.getByText('Deposit due').count()).toBe(0)
    expect(await visitor.getByLabel(/Card, Apple Pay or Google Pay/).count()).toBe(0)
    await visitor.screenshot({ path: `${SCREENSHOTS}/subscription-summary-375.png`, fullPage: true })
    await visitor.getByRole('button', { name: 'Confirm booking' }).click()
    await visitor.getByRole('heading', { name: 'You’re booked' }).waitFor()
    const booking = await bookingOfCustomer(database.db, projectId, VISITOR.email)
    expect(booking).toMatchObject({ status: 'confirmed', depositAmount: 0 })
    expect(await database.db.select().from(payments).where(eq(payments.bookingId, booking.id))).toEqual([])
    await visitor.goto(subscriptionPage)
    expect(await visitor.getByTestId('bookings-left').textContent()).toBe('1 of 2')
  })

  it('the admin lists the subscriber in step with Stripe: renewed, a failed payment, cancelled in the portal', async () => {
    await subscribersTab()
    const row = owner.getByRole('row', { name: new RegExp(VISITOR.name) })
    await row.getByText('Active').waitFor()
    await row.getByText('1 of 2').waitFor()
    expect(await seriousAxeViolations(owner)).toEqual([])
    await owner.screenshot({ path: `${SCREENSHOTS}/subscriptions-tab.png`, fullPage: true })

    const stripeId = (await subscriptionRow()).stripeSubscriptionId!
    const firstEnd = (await subscriptionRow()).currentPeriodEnd!
    expect((await fetch(`${stripeUrl}/_fake/subscriptions/${stripeId}/renew`, { method: 'POST' })).status).toBe(200)
    expect((await subscriptionRow()).currentPeriodEnd!.getTime()).toBeGreaterThan(firstEnd.getTime())
    expect((await fetch(`${stripeUrl}/_fake/subscriptions/${stripeId}/fail`, { method: 'POST' })).status).toBe(200)
    await subscribersTab()
    await owner.getByRole('row', { name: new RegExp(VISITOR.name) }).getByText('Payment failed').waitFor()
    await visitor.goto(subscriptionPage)
    await visitor.getByText('The last payment failed', { exact: false }).waitFor()

    // The customer cancels in Stripe's portal: the subscription runs to the end of the period.
    await visitor.getByRole('button', { name: 'Manage billing or cancel' }).click()
    expect(visitor.url().startsWith(stripeUrl)).toBe(true)
    await visitor.getByRole('button', { name: 'Cancel subscription' }).first().click()
    await visitor.getByRole('status').waitFor()
    await visitor.getByRole('link', { name: 'Return' }).click()
    await visitor.getByRole('heading', { name: 'Your subscription' }).waitFor()
    await visitor.getByText('Ends on').waitFor()
    expect((await subscriptionRow()).cancelAtPeriodEnd).toBe(true)
  })
})
