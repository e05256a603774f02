import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookings, customers, invoices, projects } from '@flectar/db'
import { invoiceDraftSchema, invoiceProfileSchema, issueInvoice, saveInvoiceDraft, saveInvoiceProfile } from '@flectar/invoices'
import { createProject } from '@flectar/sites'
import { openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`

/**
 * An erasure request, on a phone: the owner opens a customer who came once and was invoiced,
 * is told before deleting that the invoice stays under legal hold, deletes them, and finds the
 * invoice with its copy of the customer and a note saying when they were deleted.
 */
describe('an owner deletes a customer, keeping their invoice under legal hold', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let page: Page
  let projectId: string
  let customerId: string
  let invoiceId: string

  beforeAll(async () => {
    browser = await launchBrowser()
    const owner = await database.createOwner('owner@delete-a-customer.example', 'Erasure Salon')
    projectId = (await createProject(database.db, owner.orgId, { name: 'Erasure Salon', slug: 'erasure-salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)).id
    await database.db.update(projects).set({ modules: ['bookings'] }).where(eq(projects.id, projectId))
    const scope = { orgId: owner.orgId, projectId }
    const [chair] = await database.db.insert(bookingResources).values({ ...scope, name: 'Chair 1', timeZone: 'Europe/Madrid' }).returning()
    const [marta] = await database.db.insert(customers).values({ ...scope, name: 'Marta Erased', email: 'marta@delete-a-customer.example', phone: '+34600222333', notes: 'Allergic to latex' }).returning()
    customerId = marta!.id
    const startsAt = new Date(Date.now() - 7 * 86_400_000)
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    await database.db.insert(bookings).values({
      ...scope, resourceId: chair!.id, customerId, status: 'completed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
      timeZone: 'Europe/Madrid', serviceName: 'Haircut', priceAmount: 2500, notes: 'Prefers mornings',
    })
    await saveInvoiceProfile(database.db, scope, invoiceProfileSchema.parse({
      legalName: 'Erasure Salon S.L.', taxId: 'B12345678', addressLines: ['Calle Mayor 1'], defaultTaxRate: 2100, pricesIncludeTax: true, paymentTermsDays: 0,
      language: 'en', bookingInvoices: 'on_demand', bookingInvoiceKind: 'simplified', verifactu: false, verifactuEnvironment: 'test',
      invoiceSeries: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 4 }, creditNoteSeries: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 4 },
    }), SYSTEM_ACTOR)
    const draft = await saveInvoiceDraft(database.db, scope, invoiceDraftSchema.parse({ kind: 'simplified', customerId, lines: [{ description: 'Haircut', quantityMilli: 1000, unitPriceMinor: 2500, taxRate: 2100 }] }), SYSTEM_ACTOR)
    invoiceId = (await issueInvoice(database.db, scope, draft.id, {}, SYSTEM_ACTOR)).id

    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.95' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  const fitsThePhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)

  it('warns about the kept invoice, deletes the customer, and the invoice says so', async () => {
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings&section=customers`)
    await page.getByRole('button', { name: 'Marta Erased' }).click()
    const detail = page.getByTestId('customer-detail')
    await detail.getByText('Their invoice stays, as the law requires.').waitFor()
    await detail.getByRole('button', { name: 'Delete customer' }).click()

    const confirm = page.getByRole('dialog', { name: 'Delete Marta Erased?' })
    await confirm.getByText('1 invoice is kept under legal hold').waitFor()
    expect(await confirm.textContent()).toContain('Invoices must be kept for the period tax law requires (in Spain, at least 4 years; 6 for accounting records).')
    await fitsThePhone()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/delete-customer-modal-375.png' })
    await confirm.getByRole('button', { name: 'Delete customer' }).click()

    await page.getByText('Customer deleted', { exact: true }).waitFor()
    await page.getByText('No customers yet').waitFor()
    expect(await database.db.select().from(customers).where(eq(customers.id, customerId))).toEqual([])
    const [kept] = await database.db.select().from(invoices).where(eq(invoices.id, invoiceId))
    expect(kept).toMatchObject({ customerId: null, status: 'issued', customer: { name: 'Marta Erased' } })

    await openPage(page, `${admin}/projects/${projectId}?tab=invoices`)
    await page.getByTestId('invoices-list').getByRole('button', { name: /Open F\d{4}-0001/ }).click()
    const invoice = page.getByTestId('invoice-detail')
    const note = invoice.getByTestId('invoice-legal-hold')
    await note.waitFor()
    expect(await note.textContent()).toMatch(/Customer deleted on \d{1,2} \w{3} \d{4} — kept under legal hold/)
    expect(await invoice.getByRole('region', { name: 'To' }).textContent()).toContain('Marta Erased')
    await fitsThePhone()
    await page.screenshot({ path: '/tmp/delete-customer-invoice-375.png', fullPage: true })
    expect(await seriousAxeViolations(page)).toEqual([])
  })
})
