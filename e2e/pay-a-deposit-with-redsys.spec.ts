import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { payments } from '@flectar/db'
import { adminApi, openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser } from './support/browser'
import { bookingOfCustomer, reachSummary, refundFromAdmin, seedDepositSite } from './support/deposit-site'
import { E2E_REDSYS_KEY, fakeRedsysState } from './support/payments'

const sitePort = inject('sitePort')
const redsysUrl = inject('redsysUrl')
const SLUG = 'deposit-salon'
const site = `http://${SLUG}.localhost:${sitePort}`
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-booking-screenshots'

/**
 * A visitor pays a deposit with Redsys, with JavaScript off (the booking pages must work
 * without it): the summary asks how to pay, the visitor posts the signed form to the run's fake
 * Redsys, approves, Redsys notifies the admin's webhook, the worker confirms the booking, and
 * the manage page Redsys returns to says it is paid. A payment the bank denies can be tried
 * again while the slot is held.
 */
describe('a visitor pays a deposit with Redsys', () => {
  const database = openE2eDatabase()
  const { db } = database
  let browser: Browser
  let projectId: string
  let serviceId: string
  let ownerCookie: string
  let axePage: Page

  beforeAll(async () => {
    const owner = await database.createOwner('deposit-owner@example.com', 'Deposit Org')
    ownerCookie = owner.cookie
    const seeded = await seedDepositSite(db, owner.orgId, SLUG)
    projectId = seeded.project.id
    serviceId = seeded.serviceId
    const providers = `/api/orgs/${owner.orgId}/projects/${projectId}/payments/providers`
    const redsys = await adminApi('PUT', `${providers}/redsys`, { cookie: owner.cookie, body: { merchantCode: '999008881', terminal: '1', secretKey: E2E_REDSYS_KEY, environment: 'test', bizum: true, enabled: true } })
    expect(redsys.status, redsys.body).toBe(200)
    const venue = await adminApi('PUT', `${providers}/on_site`, { cookie: owner.cookie, body: { enabled: true } })
    expect(venue.status, venue.body).toBe(200)
    browser = await launchBrowser()
    axePage = await (await browser.newContext({ timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.150' } })).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  async function expectAccessible(page: Page) {
    await axePage.goto(page.url())
    expect(await seriousAxeViolations(axePage), page.url()).toEqual([])
  }

  async function newVisitor(ip: string) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 }, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': ip } })
    return await context.newPage()
  }

  const reach = (page: Page, name: string, email: string, nth: number) => reachSummary(page, site, serviceId, { name, email }, nth)
  const bookingOf = (email: string) => bookingOfCustomer(db, projectId, email)

  it('asks how to pay, sends the visitor to Redsys, and shows the booking paid and confirmed when they come back', async () => {
    const page = await newVisitor('203.0.113.151')
    await reach(page, 'Paula Pays', 'paula@example.com', 2)
    expect(await page.locator('.bk-price tfoot').textContent()).toContain('€10.00')
    await page.getByRole('group', { name: 'How would you like to pay?' }).waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/pay-summary.png`, fullPage: true })
    await expectAccessible(page)
    await page.getByLabel(/Card or Bizum/).check()
    await page.getByRole('button', { name: 'Confirm booking' }).click()

    await page.getByRole('heading', { name: 'One more step: pay €10.00' }).waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/pay-continue.png`, fullPage: true })
    const held = await bookingOf('paula@example.com')
    expect(held).toMatchObject({ status: 'pending_payment', depositAmount: 1000 })
    await page.getByRole('button', { name: 'Continue to payment' }).click()

    // The fake's page, as Redsys' own would be: approve.
    await page.getByRole('heading', { name: /Fake Redsys/ }).waitFor()
    expect(page.url()).toBe(`${redsysUrl}/sis/realizarPago`)
    await page.getByRole('button', { name: 'Approve' }).click()

    // Back on the manage page: the notification reached the admin, the worker applied it.
    await page.getByText('Paid: €10.00. Your booking is confirmed.').waitFor({ timeout: 15_000 })
    expect(page.url()).toMatch(new RegExp(`^${site}/book/manage/.+\\?payment=return$`))
    await page.screenshot({ path: `${SCREENSHOTS}/pay-paid.png`, fullPage: true })
    await expectAccessible(page)
    const [paid] = await db.select().from(payments).where(eq(payments.bookingId, held.id))
    expect(paid).toMatchObject({ provider: 'redsys', status: 'paid', amountMinor: 1000, paidMinor: 1000 })
    expect(await bookingOf('paula@example.com')).toMatchObject({ status: 'confirmed' })
    const seen = await fakeRedsysState(redsysUrl)
    expect(seen.payments.find(entry => entry.order === paid!.checkoutId)).toMatchObject({ response: '0000', amount: '1000', notification: { status: 200 } })
    await page.context().close()
  })

  it('lets the owner refund part of the deposit from the admin, and Redsys records the refund', async () => {
    const booking = await bookingOf('paula@example.com')
    await refundFromAdmin(browser, { admin: inject('appEnv').ADMIN_URL!, cookie: ownerCookie, projectId, customer: 'Paula Pays', amount: '4', screenshot: `${SCREENSHOTS}/pay-refund-admin.png` })
    const [refunded] = await db.select().from(payments).where(eq(payments.bookingId, booking.id))
    expect(refunded).toMatchObject({ status: 'partially_refunded', paidMinor: 1000, refundedMinor: 400 })
    const seen = await fakeRedsysState(redsysUrl)
    expect(seen.refunds.filter(entry => entry.DS_MERCHANT_ORDER === refunded!.providerPaymentId).map(entry => entry.DS_MERCHANT_AMOUNT)).toEqual(['400'])
  })

  it('lets the visitor try again when the bank denies the payment, while the slot is held', async () => {
    const page = await newVisitor('203.0.113.152')
    await reach(page, 'Diego Denied', 'diego@example.com', 4)
    await page.getByLabel(/Card or Bizum/).check()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.getByRole('button', { name: 'Deny' }).click()

    await page.getByText(/The payment did not go through\. No money was taken\. Your time is held until/).waitFor({ timeout: 15_000 })
    await page.screenshot({ path: `${SCREENSHOTS}/pay-failed.png`, fullPage: true })
    await expectAccessible(page)
    expect(await bookingOf('diego@example.com')).toMatchObject({ status: 'pending_payment' })

    await page.getByRole('button', { name: 'Pay €10.00' }).click()
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.getByText('Paid: €10.00. Your booking is confirmed.').waitFor({ timeout: 15_000 })
    const booking = await bookingOf('diego@example.com')
    expect(booking.status).toBe('confirmed')
    const attempts = await db.select({ status: payments.status }).from(payments).where(eq(payments.bookingId, booking.id)).orderBy(payments.createdAt)
    expect(attempts.map(attempt => attempt.status)).toEqual(['failed', 'paid'])
    await page.context().close()
  })

  it('books at once when the visitor chooses to pay at the venue', async () => {
    const page = await newVisitor('203.0.113.153')
    await reach(page, 'Vera Venue', 'vera@example.com', 6)
    await page.getByLabel(/Pay at the venue/).check()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'You’re booked' }).waitFor()
    const booking = await bookingOf('vera@example.com')
    expect(booking.status).toBe('confirmed')
    const [due] = await db.select().from(payments).where(eq(payments.bookingId, booking.id))
    expect(due).toMatchObject({ provider: 'on_site', status: 'pending', amountMinor: 1000 })
    await page.context().close()
  })
})
