import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { paymentRefunds, payments } from '@flectar/db'
import { adminApi, openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser } from './support/browser'
import { bookingOfCustomer, reachSummary, refundFromAdmin, seedDepositSite } from './support/deposit-site'
import { E2E_PAYPAL, E2E_STRIPE_WEBHOOK_SECRET, pointFakeStripeAt } from './support/payments'

const sitePort = inject('sitePort')
const SLUG = 'card-deposit-salon'
const site = `http://${SLUG}.localhost:${sitePort}`
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-booking-screenshots'

/**
 * A visitor pays a deposit with Stripe, and another with PayPal, in Chromium with JavaScript on,
 * against the run's fake providers: Stripe's hosted page and its signed webhook to the admin,
 * PayPal's approval page and the capture when the visitor comes back. The manage page says paid.
 */
describe('a visitor pays a deposit with Stripe or PayPal', () => {
  const database = openE2eDatabase()
  const { db } = database
  let browser: Browser
  let projectId: string
  let serviceId: string
  let ownerCookie: string
  let axePage: Page

  beforeAll(async () => {
    const owner = await database.createOwner('card-deposit-owner@example.com', 'Card Deposit Org')
    ownerCookie = owner.cookie
    const seeded = await seedDepositSite(db, owner.orgId, SLUG)
    projectId = seeded.project.id
    serviceId = seeded.serviceId
    const providers = `/api/orgs/${owner.orgId}/projects/${projectId}/payments/providers`
    const stripe = await adminApi('PUT', `${providers}/stripe`, { cookie: owner.cookie, body: { secretKey: 'sk_test_FlectarE2eCardDeposit01', webhookSecret: E2E_STRIPE_WEBHOOK_SECRET, enabled: true } })
    expect(stripe.status, stripe.body).toBe(200)
    const paypal = await adminApi('PUT', `${providers}/paypal`, { cookie: owner.cookie, body: { ...E2E_PAYPAL, environment: 'sandbox', enabled: true } })
    expect(paypal.status, paypal.body).toBe(200)
    // The fake Stripe sends its events to this site's webhook, as the owner registers it.
    await pointFakeStripeAt(inject('stripeUrl'), `${inject('appEnv').ADMIN_URL}/api/webhooks/stripe/${projectId}`)
    browser = await launchBrowser()
    axePage = await (await browser.newContext({ timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.160' } })).newPage()
  })
  afterAll(async () => {
    await pointFakeStripeAt(inject('stripeUrl'), '')
    await browser?.close()
    await database.close()
  })

  async function newVisitor(ip: string) {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': ip } })
    return await context.newPage()
  }

  it('pays on Stripe\'s page; the signed webhook confirms the booking and the manage page says paid', async () => {
    const page = await newVisitor('203.0.113.161')
    await reachSummary(page, site, serviceId, { name: 'Sara Stripe', email: 'sara@example.com' }, 3)
    await page.getByLabel(/Card, Apple Pay or Google Pay/).check()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'Fake Stripe Checkout' }).waitFor()
    expect(page.url().startsWith(inject('stripeUrl'))).toBe(true)
    await page.getByRole('button', { name: 'Pay' }).click()
    await page.getByText('Paid: €10.00. Your booking is confirmed.').waitFor({ timeout: 15_000 })
    await page.screenshot({ path: `${SCREENSHOTS}/pay-stripe-paid.png`, fullPage: true })
    await axePage.goto(page.url())
    expect(await seriousAxeViolations(axePage)).toEqual([])
    const booking = await bookingOfCustomer(db, projectId, 'sara@example.com')
    expect(booking.status).toBe('confirmed')
    const [paid] = await db.select().from(payments).where(eq(payments.bookingId, booking.id))
    expect(paid).toMatchObject({ provider: 'stripe', status: 'paid', paidMinor: 1000, checkoutId: expect.stringMatching(/^cs_/), providerPaymentId: expect.stringMatching(/^pi_/) })
    await page.context().close()
  })

  it('approves on PayPal\'s page; coming back captures the order and the manage page says paid', async () => {
    const page = await newVisitor('203.0.113.162')
    await reachSummary(page, site, serviceId, { name: 'Pablo PayPal', email: 'pablo@example.com' }, 5)
    await page.getByLabel(/PayPal/).check()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'Fake PayPal' }).waitFor()
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.getByText('Paid: €10.00. Your booking is confirmed.').waitFor({ timeout: 15_000 })
    expect(new URL(page.url()).searchParams.get('payment')).toBe('return')
    await page.screenshot({ path: `${SCREENSHOTS}/pay-paypal-paid.png`, fullPage: true })
    const booking = await bookingOfCustomer(db, projectId, 'pablo@example.com')
    expect(booking.status).toBe('confirmed')
    const [paid] = await db.select().from(payments).where(eq(payments.bookingId, booking.id))
    expect(paid).toMatchObject({ provider: 'paypal', status: 'paid', paidMinor: 1000 })
    await page.context().close()
  })

  it.each([
    { provider: 'stripe', customer: 'Sara Stripe', email: 'sara@example.com', refundId: /^re_/ },
    { provider: 'paypal', customer: 'Pablo PayPal', email: 'pablo@example.com', refundId: /^\w{6,}$/ },
  ])('lets the owner refund part of the $provider deposit from the admin, through the provider', async ({ customer, email, refundId }) => {
    await refundFromAdmin(browser, { admin: inject('appEnv').ADMIN_URL!, cookie: ownerCookie, projectId, customer, amount: '2.50' })
    const booking = await bookingOfCustomer(db, projectId, email)
    const [payment] = await db.select().from(payments).where(eq(payments.bookingId, booking.id))
    expect(payment).toMatchObject({ status: 'partially_refunded', paidMinor: 1000, refundedMinor: 250 })
    // The provider's own refund id: the fake made the refund and answered with it.
    const refunds = await db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment!.id))
    expect(refunds).toEqual([expect.objectContaining({ status: 'succeeded', amountMinor: 250, reason: 'requested_by_owner', note: 'Shorter session than booked', providerRefundId: expect.stringMatching(refundId) })])
  })
})
