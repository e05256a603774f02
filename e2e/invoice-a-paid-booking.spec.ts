import { and, asc, eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { manageUrl } from '@flectar/bookings'
import { invoices, outboxMessages } from '@flectar/db'
import { decodeQr, pdfPagePng, pdfText } from '../packages/invoices/src/pdf/test-poppler'
import { adminApi, openE2eDatabase } from './support/accounts'
import { launchBrowser, openPage } from './support/browser'
import { bookingOfCustomer, reachSummary, seedDepositSite } from './support/deposit-site'
import { E2E_STRIPE_WEBHOOK_SECRET, pointFakeStripeAt } from './support/payments'

const admin = `http://localhost:${inject('adminPort')}`
const SLUG = 'invoiced-booking-salon'
const site = `http://${SLUG}.localhost:${inject('sitePort')}`
const year = new Date().getFullYear()
const INVOICE = `F${year}-0001`
const CREDIT_NOTE = `R${year}-0001`
const VISITOR = { name: 'Inés Factura', email: 'ines@invoice-a-paid-booking.example' }
// What the PDF prints beside the VeriFactu QR code (VERIFACTU_QR_LEGEND).
const VERIFACTU_LEGEND = 'Factura verificable en la sede electrónica de la AEAT'

/**
 * A paid booking is invoiced: the owner turns automatic invoicing with VeriFactu on, a visitor
 * books and pays the €10 deposit on Stripe's page, and the worker issues the invoice, paid, and
 * emails it with its PDF (QR code and legend). The owner refunds the deposit from the booking's
 * detail; the worker issues the credit note for that refund, and the VeriFactu chain verifies.
 */
describe('a paid booking is invoiced, emailed with its PDF, and credited when refunded', () => {
  const database = openE2eDatabase()
  const { db } = database
  let browser: Browser
  let cookie: string
  let projectId: string
  let serviceId: string
  let owner: Page

  beforeAll(async () => {
    const account = await database.createOwner('owner@invoice-a-paid-booking.example', 'Invoice A Paid Booking')
    cookie = account.cookie
    const seeded = await seedDepositSite(db, account.orgId, SLUG)
    projectId = seeded.project.id
    serviceId = seeded.serviceId
    const stripe = await adminApi('PUT', `/api/orgs/${account.orgId}/projects/${projectId}/payments/providers/stripe`, { cookie, body: { secretKey: 'sk_test_FlectarE2eInvoiceJourney1', webhookSecret: E2E_STRIPE_WEBHOOK_SECRET, enabled: true } })
    expect(stripe.status, stripe.body).toBe(200)
    await pointFakeStripeAt(inject('stripeUrl'), `${inject('appEnv').ADMIN_URL}/api/webhooks/stripe/${projectId}`)
    browser = await launchBrowser()
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.201' } })
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    owner = await context.newPage()
  })
  afterAll(async () => {
    await pointFakeStripeAt(inject('stripeUrl'), '')
    await browser?.close()
    await database.close()
  })

  const dialog = () => owner.getByRole('dialog').last()
  const toast = async (title: string) => await owner.getByText(title, { exact: true }).waitFor()
  async function choose(label: string, option: string) {
    await dialog().getByRole('combobox', { name: label }).click()
    await owner.getByRole('option', { name: option, exact: true }).click()
  }

  /** The documents the worker issued for the booking, oldest first: it runs every 5 s, so wait for them. */
  async function documentsOfBooking(count: number) {
    const booking = await bookingOfCustomer(db, projectId, VISITOR.email)
    const rows = () => db.select().from(invoices).where(eq(invoices.bookingId, booking.id)).orderBy(asc(invoices.issuedAt))
    await expect.poll(async () => (await rows()).filter(row => row.sentAt).length, { timeout: 30_000, interval: 500 }).toBe(count)
    return await rows()
  }

  /** The email of `template` to the visitor, with its one attachment read as the customer's viewer would (the text on one line: the legend wraps). */
  async function emailedPdf(template: string) {
    const [email] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.to, VISITOR.email), eq(outboxMessages.template, template)))
    expect(email, `no ${template} email`).toBeDefined()
    expect(email!.attachments).toHaveLength(1)
    const pdf = Buffer.from(email!.attachments[0]!.content, 'base64')
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    return { email: email!, attachment: email!.attachments[0]!, pdf, text: (await pdfText(pdf)).replace(/\s+/g, ' ') }
  }

  it('the owner turns on automatic invoicing with VeriFactu in the Invoices tab', async () => {
    await openPage(owner, `${admin}/projects/${projectId}?tab=invoices`)
    await owner.getByRole('button', { name: 'Set up invoicing' }).click()
    await dialog().getByTestId('invoice-settings-form').waitFor()
    await dialog().getByLabel('Legal name').fill('Salón Factura SL')
    await dialog().getByLabel('Tax id (NIF / VAT number)').fill('B76543210')
    await dialog().getByLabel('Address').fill('Calle Mayor 9\n28013 Madrid')
    await choose('Invoices for bookings', 'Automatically when paid')
    await dialog().getByRole('switch', { name: 'Keep VeriFactu records' }).click()
    expect(await dialog().getByRole('combobox', { name: 'Environment' }).textContent()).toContain('Test (AEAT pre-production)')
    await dialog().getByRole('button', { name: 'Save settings' }).click()
    await toast('Invoice settings saved')
    await owner.getByText('No invoices yet').waitFor()
  })

  it('a visitor books and pays the deposit on Stripe\'s page', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.202' } })
    const page = await context.newPage()
    await reachSummary(page, site, serviceId, VISITOR, 2)
    await page.getByLabel(/Card, Apple Pay or Google Pay/).check()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'Fake Stripe Checkout' }).waitFor()
    await page.getByRole('button', { name: 'Pay' }).click()
    await page.getByText('Paid: €10.00. Your booking is confirmed.').waitFor({ timeout: 15_000 })
    await context.close()
  })

  it('the invoice is issued and paid, shows in the Invoices tab, and is emailed to the customer with its PDF and VeriFactu QR', async () => {
    const [invoice] = await documentsOfBooking(1)
    expect(invoice).toMatchObject({ number: INVOICE, kind: 'simplified', status: 'paid', totalMinor: 1000, paidMinor: 1000 })

    await openPage(owner, `${admin}/projects/${projectId}?tab=invoices`)
    const rows = owner.getByTestId('invoices-list').locator('tbody tr')
    // Polled on the text: while the list loads, its one row is the loading placeholder.
    await expect.poll(() => rows.first().textContent()).toMatch(new RegExp(`${INVOICE}[\\s\\S]*${VISITOR.name}[\\s\\S]*Paid[\\s\\S]*€10\\.00`))
    expect(await rows.count()).toBe(1)
    await owner.getByRole('button', { name: new RegExp(`Open ${INVOICE}`) }).click()
    const detail = owner.getByTestId('invoice-detail')
    await detail.waitFor()
    expect(await detail.getByTestId('invoice-status').textContent()).toBe('Paid')
    expect(await detail.getByTestId('invoice-detail-line').textContent()).toMatch(/Deposit · Colour consult/)
    expect(await detail.getByTestId('invoice-due').textContent()).toContain('€0.00')
    expect(await detail.textContent()).toMatch(/VeriFactu records[\s\S]*#1 · Issued \(alta\)/)
    expect(await detail.textContent()).toContain('Emailed to the customer')
    await owner.keyboard.press('Escape')
    await owner.getByRole('dialog').waitFor({ state: 'hidden' })

    const { email, attachment, pdf, text } = await emailedPdf('invoices.invoice')
    expect(email.subject).toBe(`Your invoice ${INVOICE} from Salon ${SLUG}`)
    expect(attachment).toMatchObject({ filename: `${INVOICE}.pdf`, contentType: 'application/pdf' })
    expect(text).toContain(INVOICE)
    expect(text).toMatch(/€\s?10\.00/)
    expect(text).toContain(VISITOR.name)
    expect(text).toContain(VERIFACTU_LEGEND)
    // The QR code itself: the AEAT test service's check of this very invoice.
    const qr = new URL(decodeQr(await pdfPagePng(pdf, 1))!)
    expect(`${qr.origin}${qr.pathname}`).toBe('https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR')
    expect(Object.fromEntries(qr.searchParams)).toMatchObject({ nif: 'B76543210', numserie: INVOICE, importe: '10.00' })
  })

  it('the customer\'s manage page lists the invoice and serves its PDF, and only to this booking\'s link', async () => {
    const booking = await bookingOfCustomer(db, projectId, VISITOR.email)
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.203' } })
    const page = await context.newPage()
    await page.goto(manageUrl(site, inject('appEnv').SESSION_SECRET!, booking.id))
    const link = page.getByRole('link', { name: `Invoice ${INVOICE} (PDF)` })
    await link.waitFor()
    const href = new URL((await link.getAttribute('href'))!, site).toString()
    // Fetched by the page itself: only the browser resolves *.localhost.
    const get = (url: string) => page.evaluate(async (address) => {
      const response = await fetch(address)
      const bytes = new Uint8Array(await response.arrayBuffer())
      return { status: response.status, type: response.headers.get('content-type') ?? '', body: Array.from(bytes, byte => String.fromCharCode(byte)).join('') }
    }, url)
    const answer = await get(href)
    expect(answer.status).toBe(200)
    expect(answer.type).toContain('application/pdf')
    const pdf = Buffer.from(answer.body, 'latin1')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(await pdfText(pdf)).toContain(INVOICE)
    // The same invoice under another booking's link is not found.
    const other = manageUrl(site, inject('appEnv').SESSION_SECRET!, '00000000-0000-4000-8000-000000000000')
    expect((await get(`${other}/invoices/${href.split('/').pop()}`)).status).toBe(404)
    await context.close()
  })

  it('the owner refunds the deposit from the booking\'s detail, and the refund is credited against the invoice', async () => {
    await openPage(owner, `${admin}/projects/${projectId}?tab=bookings&section=list`)
    await owner.getByRole('button', { name: new RegExp(`Open the booking on .* of ${VISITOR.name}`) }).click()
    const paymentsOfBooking = dialog().getByTestId('booking-payments')
    await paymentsOfBooking.getByRole('button', { name: 'History' }).click()
    await paymentsOfBooking.getByRole('button', { name: 'Refund…' }).click()
    await paymentsOfBooking.getByLabel('Amount to refund').fill('10')
    await paymentsOfBooking.getByLabel('Reason').fill('The salon closed that day')
    await paymentsOfBooking.getByRole('button', { name: 'Refund €10.00' }).click()
    await toast('Refund of €10.00 asked for')
    // The provider confirms by webhook; the booking's payments reload until it has.
    await paymentsOfBooking.locator('li', { hasText: 'Stripe' }).getByText('Refunded', { exact: true }).first().waitFor({ timeout: 20_000 })

    const [invoice, note] = await documentsOfBooking(2)
    expect(note).toMatchObject({ number: CREDIT_NOTE, kind: 'credit_note', totalMinor: -1000, correctsInvoiceId: invoice!.id, correctionReason: 'The salon closed that day', refundId: expect.any(String) })

    // The booking's detail lists both, opened afresh.
    await openPage(owner, `${admin}/projects/${projectId}?tab=bookings&section=list`)
    await owner.getByRole('button', { name: new RegExp(`Open the booking on .* of ${VISITOR.name}`) }).click()
    const invoicesOfBooking = dialog().getByTestId('booking-invoices')
    await expect.poll(() => invoicesOfBooking.locator('li').count()).toBe(2)
    // Newest first.
    expect(await invoicesOfBooking.textContent()).toMatch(new RegExp(`${CREDIT_NOTE}[\\s\\S]*Credit note[\\s\\S]*[-−]€10\\.00[\\s\\S]*${INVOICE}[\\s\\S]*Simplified invoice[\\s\\S]*€10\\.00`))

    // In the Invoices tab: the credit note, negative, pointing at the invoice, which is credited in full.
    await openPage(owner, `${admin}/projects/${projectId}?tab=invoices`)
    const rows = owner.getByTestId('invoices-list').locator('tbody tr')
    await expect.poll(() => rows.nth(0).textContent()).toMatch(new RegExp(`${CREDIT_NOTE}[\\s\\S]*[-−]€10\\.00`))
    expect(await rows.count()).toBe(2)
    await owner.getByRole('button', { name: new RegExp(`Open ${INVOICE}`) }).click()
    const detail = owner.getByTestId('invoice-detail')
    await detail.waitFor()
    expect(await detail.getByTestId('invoice-credit-notes').textContent()).toMatch(new RegExp(`${CREDIT_NOTE}[\\s\\S]*[-−]€10\\.00`))
    // Nothing is left to credit, so the owner is not offered a second credit note for the same money.
    expect(await detail.getByRole('button', { name: 'Credit note', exact: true }).count()).toBe(0)
    await detail.getByRole('button', { name: `Open credit note ${CREDIT_NOTE}` }).click()
    await expect.poll(async () => await dialog().textContent()).toContain(`Corrects simplified ${INVOICE}`)
    expect(await owner.getByTestId('invoice-detail').textContent()).toMatch(/Total\s*[-−]€10\.00/)
    expect(await owner.getByTestId('invoice-detail').textContent()).toMatch(/VeriFactu records[\s\S]*#2 · Issued \(alta\)/)
    await owner.keyboard.press('Escape')
    await owner.getByRole('dialog').waitFor({ state: 'hidden' })

    const { attachment, text } = await emailedPdf('invoices.credit_note')
    expect(attachment).toMatchObject({ filename: `${CREDIT_NOTE}.pdf`, contentType: 'application/pdf' })
    expect(text).toContain(CREDIT_NOTE)
    expect(text).toContain(INVOICE)
    expect(text).toMatch(/[-−]\s?€\s?10\.00/)
    expect(text).toContain(VERIFACTU_LEGEND)
  })

  it('the VeriFactu chain of both documents verifies', async () => {
    await owner.getByRole('button', { name: 'Verify chain' }).click()
    await owner.getByText('Chain of B76543210: 2 records, all verified').waitFor()
  })
})
