import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookings, customers, paymentEvents, payments, projects } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { adminApi, openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`
const ZONE = 'Europe/Madrid'

/**
 * The owner looks at the money of a site: Bookings › Payments lists each payment with its
 * customer and status, filters by status, and opens one to read its history; the booking's own
 * detail shows its payments too. On a phone, and with axe.
 */
describe('an owner sees the site\'s payments and a payment\'s history in the admin', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let cookie: string
  let projectId: string
  let orgId: string
  const ids = { booking: '', paid: '', failed: '' }

  beforeAll(async () => {
    browser = await launchBrowser()
    const owner = await database.createOwner('owner@see-payments.example', 'See Payments')
    cookie = owner.cookie
    orgId = owner.orgId
    const project = await createProject(database.db, owner.orgId, { name: 'Paid Salon', slug: 'paid-salon', timeZone: ZONE, defaultLocale: 'en' }, SYSTEM_ACTOR)
    projectId = project.id
    await database.db.update(projects).set({ timeZone: ZONE, modules: ['bookings'] }).where(eq(projects.id, projectId))
    const scope = { orgId, projectId }
    const [chair] = await database.db.insert(bookingResources).values({ ...scope, name: 'Chair 1', timeZone: ZONE }).returning()
    const [customer] = await database.db.insert(customers).values({ ...scope, name: 'Marta Pagos', email: 'marta@example.com' }).returning()
    // Tomorrow, so the bookings list (from today on) shows it.
    const startsAt = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 24 * 3_600_000)
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    const [booking] = await database.db.insert(bookings).values({
      ...scope, resourceId: chair!.id, customerId: customer!.id, status: 'confirmed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
      timeZone: ZONE, serviceName: 'Colour and cut', priceAmount: 6000, depositAmount: 1500, currency: 'EUR', source: 'site',
    }).returning()
    ids.booking = booking!.id
    // A first try that failed on Redsys, then the deposit paid with Stripe and part of it refunded.
    const [failed, paid] = await database.db.insert(payments).values([
      { ...scope, bookingId: booking!.id, provider: 'redsys', status: 'failed', amountMinor: 1500, currency: 'EUR', checkoutId: '0001seepay', createdAt: new Date('2026-12-01T09:00:00Z') },
      { ...scope, bookingId: booking!.id, provider: 'stripe', status: 'partially_refunded', amountMinor: 1500, currency: 'EUR', checkoutId: 'cs_test_seepay', providerPaymentId: 'pi_seepay', paidMinor: 1500, refundedMinor: 500, createdAt: new Date('2026-12-01T09:10:00Z') },
    ]).returning()
    ids.failed = failed!.id
    ids.paid = paid!.id
    await database.db.insert(paymentEvents).values([
      { paymentId: failed!.id, fromStatus: 'created', toStatus: 'pending', event: 'checkout_started', source: 'admin', createdAt: new Date('2026-12-01T09:00:01Z') },
      { paymentId: failed!.id, fromStatus: 'pending', toStatus: 'failed', event: 'failed', source: 'webhook', details: { reason: 'Ds_Response 0190' }, createdAt: new Date('2026-12-01T09:02:00Z') },
      { paymentId: paid!.id, fromStatus: 'created', toStatus: 'pending', event: 'checkout_started', source: 'admin', createdAt: new Date('2026-12-01T09:10:01Z') },
      { paymentId: paid!.id, fromStatus: 'pending', toStatus: 'paid', event: 'paid', source: 'webhook', details: { providerPaymentId: 'pi_seepay', amountMinor: 1500, currency: 'EUR', effects: ['confirm_booking'] }, createdAt: new Date('2026-12-01T09:12:00Z') },
      { paymentId: paid!.id, fromStatus: 'paid', toStatus: 'partially_refunded', event: 'refunded', source: 'webhook', details: { totalRefundedMinor: 500 }, createdAt: new Date('2026-12-02T10:00:00Z') },
    ])
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('answers the list and the timeline through the API, and a bad filter with its field', async () => {
    const base = `/api/orgs/${orgId}/projects/${projectId}/payments`
    const listed = await adminApi('GET', base, { cookie })
    expect(listed.status, listed.body).toBe(200)
    expect(JSON.parse(listed.body)).toMatchObject({ total: 2, data: [{ id: ids.paid, customerName: 'Marta Pagos', refunded: { amount: 500, currency: 'EUR' } }, { id: ids.failed, status: 'failed' }] })
    const bad = await adminApi('GET', `${base}?status=stolen&pageSize=500`, { cookie })
    expect(bad.status).toBe(422)
    expect(Object.keys((JSON.parse(bad.body) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(['pageSize', 'status'])
    const timeline = await adminApi('GET', `${base}/${ids.paid}`, { cookie })
    expect((JSON.parse(timeline.body) as { events: Array<{ toStatus: string }> }).events.map(entry => entry.toStatus)).toEqual(['pending', 'paid', 'partially_refunded'])
    expect((await adminApi('GET', `${base}/not-a-uuid`, { cookie })).status).toBe(404)
  })

  async function ownerPage(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.81' } })
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    return await context.newPage()
  }

  it('lists both payments, filters by status and shows a payment\'s history, on a phone', async () => {
    const page = await ownerPage(375)
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings&section=payments`)
    const list = page.getByTestId('payments-list')
    const rows = list.locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.nth(0).textContent()).toContain('€15.00')
    expect(await rows.nth(0).textContent()).toContain('Partly refunded')
    expect(await rows.nth(1).textContent()).toContain('Failed')
    expect(await list.textContent()).toContain('Marta Pagos')
    // The amount is on screen, not scrolled off to the right of the table.
    const amount = (await rows.nth(0).locator('td').last().boundingBox())!
    expect(amount.x + amount.width).toBeLessThanOrEqual(375)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/payments-375.png', fullPage: true })

    await list.getByRole('combobox', { name: 'Status' }).click()
    await page.getByRole('option', { name: 'Failed' }).click()
    await expect.poll(async () => (await rows.allTextContents()).join('|')).not.toContain('Partly refunded')
    expect(await rows.count()).toBe(1)
    expect(await page.locator('[data-testid="payments-list"] tbody').textContent()).toContain('Failed')

    await list.getByRole('combobox', { name: 'Status' }).click()
    await page.getByRole('option', { name: 'Partly refunded' }).click()
    await expect.poll(async () => (await rows.allTextContents()).join('|')).toContain('Partly refunded')
    await rows.first().getByRole('button', { name: /Open the payment of/ }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByTestId('payment-timeline').waitFor()
    const events = dialog.getByTestId('payment-event')
    expect(await events.count()).toBe(3)
    expect(await events.nth(0).textContent()).toContain('Checkout started')
    expect(await events.nth(1).textContent()).toMatch(/Payment received[\s\S]*Pending[\s\S]*Paid[\s\S]*Reported by the provider[\s\S]*€15\.00[\s\S]*pi_seepay/)
    expect(await events.nth(2).textContent()).toMatch(/Refund[\s\S]*Partly refunded[\s\S]*Refunded in total[\s\S]*€5\.00/)
    expect(await dialog.textContent()).toContain('Marta Pagos')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/payments-timeline-375.png', fullPage: true })
    await page.context().close()
  })

  it('shows an empty list in plain words for a site without payments', async () => {
    const other = await createProject(database.db, orgId, { name: 'Free Salon', slug: 'free-salon', timeZone: ZONE, defaultLocale: 'en' }, SYSTEM_ACTOR)
    const page = await ownerPage(1280)
    await openPage(page, `${admin}/projects/${other.id}?tab=bookings&section=payments`)
    await page.getByText('No payments yet').waitFor()
    expect(await page.getByTestId('payments-list').textContent()).toContain('Payments appear here when customers pay a deposit or the full price online.')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('shows the booking\'s payments in its detail, each with its history', async () => {
    const page = await ownerPage(1280)
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings&section=list`)
    await page.getByRole('button', { name: /Open the booking on/ }).first().click()
    const listed = page.getByTestId('booking-payments')
    await listed.waitFor()
    expect(await listed.locator('li').count()).toBe(2)
    expect(await listed.textContent()).toMatch(/Stripe[\s\S]*Partly refunded[\s\S]*Redsys[\s\S]*Failed/)
    await listed.getByRole('button', { name: 'History' }).nth(1).click()
    await listed.getByTestId('payment-timeline').waitFor()
    expect(await listed.getByTestId('payment-event').allTextContents()).toEqual([expect.stringContaining('Checkout started'), expect.stringMatching(/Payment failed[\s\S]*Ds_Response 0190/)])
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })
})
