import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createProject } from '@flectar/sites'
import { adminApi, openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`
const year = new Date().getFullYear()

/**
 * The owner invoices from the admin, on a phone: sets invoicing up in the Invoices tab, writes a
 * full invoice with lines at 21 % and 10 %, issues it as F<year>-0001, records part of the
 * payment, corrects it with a credit note and downloads the PDF. With axe at each step.
 */
describe('an owner sets up invoicing and issues, collects and corrects an invoice in the admin', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let cookie: string
  let orgId: string
  let projectId: string
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    const owner = await database.createOwner('owner@issue-invoices.example', 'Issue Invoices')
    cookie = owner.cookie
    orgId = owner.orgId
    projectId = (await createProject(database.db, orgId, { name: 'Invoiced Studio', slug: 'invoiced-studio', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)).id
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.91' } })
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  const dialog = () => page.getByRole('dialog').last()
  // Exact: a toast also reads itself out through a live region holding "Notification <title>".
  const toast = async (title: string) => await page.getByText(title, { exact: true }).waitFor()
  const fitsThePhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  async function choose(combobox: Locator, option: string) {
    await combobox.click()
    await page.getByRole('option', { name: option, exact: true }).click()
  }

  it('sets invoicing up from the empty tab', async () => {
    await openPage(page, `${admin}/projects/${projectId}?tab=invoices`)
    await page.getByTestId('invoices-empty').waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-empty-375.png', fullPage: true })

    await page.getByRole('button', { name: 'Set up invoicing' }).click()
    const settings = dialog()
    await settings.getByTestId('invoice-settings-form').waitFor()
    await settings.getByLabel('Legal name').fill('Invoiced Studio SL')
    // A bad tax id is refused under its field before anything is sent.
    await settings.getByLabel('Tax id (NIF / VAT number)').fill('!')
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await settings.getByText('Enter the tax id (NIF/VAT number)').waitFor()
    await settings.getByLabel('Tax id (NIF / VAT number)').fill('B12345678')
    await settings.getByLabel('Address').fill('Calle Mayor 1\n28013 Madrid')
    expect(await settings.getByTestId('invoiceSeries-preview').textContent()).toBe(`F${year}-0001`)
    await fitsThePhone()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-settings-375.png' })
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await toast('Invoice settings saved')
    await page.getByTestId('invoices-toolbar').waitFor()
    await page.getByText('No invoices yet').waitFor()
    const saved = JSON.parse((await adminApi('GET', `/api/orgs/${orgId}/projects/${projectId}/invoices/profile`, { cookie })).body) as { profile: { legalName: string, taxId: string, addressLines: string[], defaultTaxRate: number } }
    expect(saved.profile).toMatchObject({ legalName: 'Invoiced Studio SL', taxId: 'B12345678', addressLines: ['Calle Mayor 1', '28013 Madrid'], defaultTaxRate: 2100 })
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-tab-375.png', fullPage: true })
  })

  it('writes a full invoice with lines at 21 % and 10 % and issues it as F<year>-0001', async () => {
    await page.getByRole('button', { name: 'New invoice' }).click()
    const editor = dialog()
    await editor.getByTestId('invoice-editor').waitFor()
    await editor.getByLabel('Name').fill('Acme Consulting SA')
    await editor.getByLabel('Tax id').fill('A87654321')
    await editor.getByLabel('Email').fill('billing@acme.example')
    const first = editor.getByRole('group', { name: 'Line 1' })
    await first.getByLabel('Description of line 1').fill('Design workshop')
    await first.getByLabel('Quantity').fill('2')
    await first.getByLabel('Unit price').fill('100')
    await editor.getByRole('button', { name: 'Add line' }).click()
    const second = editor.getByRole('group', { name: 'Line 2' })
    await second.getByLabel('Description of line 2').fill('Printed guide')
    await second.getByLabel('Quantity').fill('1.5')
    await second.getByLabel('Unit price').fill('20')
    await second.getByLabel('Tax (%)').fill('10')
    // Prices include tax (the default): 200 at 21 % and 30 at 10 %, worked out as the server will.
    const totals = editor.getByTestId('invoice-editor-totals')
    await expect.poll(() => totals.textContent()).toMatch(/Base at 21 %\s*€165\.29\s*Tax at 21 %\s*€34\.71\s*Base at 10 %\s*€27\.27\s*Tax at 10 %\s*€2\.73\s*Total\s*€230\.00/)
    await fitsThePhone()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-editor-375.png', fullPage: true })

    await editor.getByRole('button', { name: 'Save and issue' }).click()
    await toast(`Invoice F${year}-0001 issued`)
    const detail = page.getByTestId('invoice-detail')
    await detail.waitFor()
    expect(await dialog().textContent()).toContain(`F${year}-0001`)
    expect(await detail.getByTestId('invoice-status').textContent()).toBe('Issued')
    expect(await detail.getByTestId('invoice-detail-line').count()).toBe(2)
    expect(await detail.getByTestId('invoice-due').textContent()).toContain('€230.00')
    await fitsThePhone()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-detail-375.png', fullPage: true })
  })

  it('records a partial payment and issues a credit note', async () => {
    const detail = page.getByTestId('invoice-detail')
    await detail.getByRole('button', { name: 'Record payment' }).click()
    const payment = dialog()
    await payment.getByLabel('Amount').fill('100')
    await choose(payment.getByRole('combobox', { name: 'Method' }), 'Cash')
    expect(await seriousAxeViolations(page)).toEqual([])
    await payment.getByRole('button', { name: 'Record payment' }).click()
    await toast('Payment of €100.00 recorded')
    await expect.poll(() => detail.getByTestId('invoice-status').textContent()).toBe('Partially paid')
    expect(await detail.getByTestId('invoice-due').textContent()).toContain('€130.00')
    expect(await detail.getByTestId('invoice-payments').textContent()).toContain('Cash')

    await detail.getByRole('button', { name: 'Credit note' }).click()
    const credit = dialog()
    await credit.getByLabel('Reason').fill('The guide was returned')
    await credit.getByRole('radio', { name: 'An amount' }).click()
    await credit.getByLabel('Amount, tax included').fill('30')
    await choose(credit.getByRole('combobox', { name: 'At the tax rate' }), '10 %')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-credit-375.png' })
    await credit.getByRole('button', { name: 'Credit €30.00' }).click()
    await toast(`Credit note R${year}-0001 issued`)
    await expect.poll(() => detail.getByTestId('invoice-due').textContent()).toContain('€100.00')
    expect(await detail.getByTestId('invoice-credit-notes').textContent()).toContain(`R${year}-0001`)
    expect(await detail.getByTestId('invoice-status').textContent()).toBe('Partially paid')
    await fitsThePhone()
    await page.screenshot({ path: '/tmp/inv-detail-credited-375.png', fullPage: true })

    // The credit note opens from the invoice and points back at it.
    await detail.getByRole('button', { name: `Open credit note R${year}-0001` }).click()
    await expect.poll(async () => await dialog().textContent()).toContain(`Corrects invoice F${year}-0001`)
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })

    const rows = page.getByTestId('invoices-list').locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.nth(0).textContent()).toContain(`R${year}-0001`)
    expect(await rows.nth(1).textContent()).toMatch(new RegExp(`F${year}-0001[\\s\\S]*Acme Consulting SA[\\s\\S]*Partially paid[\\s\\S]*€230\\.00`))
    await choose(page.getByRole('combobox', { name: 'Kind' }), 'Credit note')
    await expect.poll(() => rows.count()).toBe(1)
    await page.getByRole('button', { name: 'Clear' }).click()
    await page.getByRole('searchbox', { name: 'Search invoices' }).fill('nobody like this')
    await page.getByText('No invoices match').waitFor()
    await page.getByRole('button', { name: 'Clear' }).click()
    await expect.poll(() => rows.count()).toBe(2)
    // Off the buttons: the one that moved under the pointer would be scanned in its hover colour.
    await page.mouse.move(0, 0)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-list-375.png', fullPage: true })
  })

  it('shows the list and an invoice on a wide screen too', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.getByRole('button', { name: new RegExp(`Open F${year}-0001`) }).click()
    await page.getByTestId('invoice-detail').waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-detail-1280.png' })
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    await page.screenshot({ path: '/tmp/inv-list-1280.png' })
    await page.getByRole('button', { name: 'Export' }).click()
    const exporter = page.getByTestId('invoices-export')
    await exporter.waitFor()
    expect(await exporter.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe(`/api/orgs/${orgId}/projects/${projectId}/invoices/export.csv?from=${year}-01-01&to=${await exporter.getByLabel('To').inputValue()}`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-export-1280.png' })
    await page.keyboard.press('Escape')
    await page.setViewportSize({ width: 375, height: 800 })
  })

  it('keeps VeriFactu records once switched on, and verifies their chain', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    const settings = dialog()
    await settings.getByRole('switch', { name: 'Keep VeriFactu records' }).click()
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await page.getByRole('dialog').waitFor({ state: 'hidden' })

    await page.getByRole('button', { name: 'New invoice' }).click()
    const editor = dialog()
    await choose(editor.getByRole('combobox', { name: 'Kind' }), 'Simplified invoice')
    await editor.getByLabel('Description of line 1').fill('Gift card')
    await editor.getByLabel('Unit price').fill('25')
    await editor.getByRole('button', { name: 'Save and issue' }).click()
    await toast(`Invoice F${year}-0002 issued`)
    expect(await page.getByTestId('invoice-detail').textContent()).toMatch(/VeriFactu records[\s\S]*#1 · Issued \(alta\)/)
    expect(await page.getByTestId('invoice-detail').getByRole('link', { name: 'VeriFactu XML' }).count()).toBe(1)
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })

    await page.getByRole('button', { name: 'Verify chain' }).click()
    await page.getByText('Chain of B12345678: 1 record, all verified').waitFor()
    await fitsThePhone()
    // Every total is on screen, not scrolled off to the right of the table.
    for (const cell of await page.getByTestId('invoices-list').locator('tbody tr td:last-child').all()) {
      const box = (await cell.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(375)
    }
    await page.mouse.move(0, 0)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inv-verified-375.png', fullPage: true })
  })

  it('downloads the issued invoice as a PDF', async () => {
    await page.getByRole('button', { name: new RegExp(`Open F${year}-0001`) }).click()
    const link = page.getByTestId('invoice-detail').getByRole('link', { name: 'Download PDF' })
    const href = await link.getAttribute('href')
    expect(await link.getAttribute('download')).not.toBeNull()
    const response = await page.request.get(`${admin}${href}`)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe('application/pdf')
    expect((await response.body()).subarray(0, 4).toString('latin1')).toBe('%PDF')
  })
})
