import { and, eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookings, bookingServiceResources, bookingServices, customers, type Db } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { openPage } from './browser'

/** A published salon with one service asking a €10 deposit of its €40 price, open every day 09–17. */
export async function seedDepositSite(db: Db, orgId: string, slug: string) {
  const project = await createProject(db, orgId, { name: `Salon ${slug}`, slug, templateKey: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en', currency: 'EUR' }, SYSTEM_ACTOR, { published: true })
  const scope = { orgId, projectId: project.id }
  const [resource] = await db.insert(bookingResources).values({
    ...scope, name: 'Marta', kind: 'staff', timeZone: 'Europe/Madrid',
    weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '09:00', end: '17:00' })),
  }).returning()
  const [service] = await db.insert(bookingServices).values({
    ...scope, name: 'Colour consult', durationMinutes: 30, priceAmount: 4000, currency: 'EUR', minNoticeMinutes: 60, maxAdvanceDays: 90, slotIntervalMinutes: 30,
    depositKind: 'fixed', depositValue: 1000,
  }).returning()
  await db.insert(bookingServiceResources).values({ serviceId: service!.id, resourceId: resource!.id, projectId: project.id })
  return { project, serviceId: service!.id }
}

/** A visitor from the time step to the summary: the `nth` free time of the second free day next month, then their details (`extraQuery`: more of the flow's state, e.g. `&sub=…`). */
export async function reachSummary(page: Page, site: string, serviceId: string, visitor: { name: string, email: string }, nth: number, extraQuery = '') {
  await page.goto(`${site}/book/time?service=${serviceId}${extraQuery}`)
  await page.getByRole('heading', { name: 'Choose a date and time' }).waitFor()
  // The picker redraws itself in place (a fetch, `aria-busy` meanwhile): each click waits for the
  // redraw, or a time could be picked in a picker about to be replaced and the choice lost.
  const settled = () => page.locator('[data-bk-picker]:not([aria-busy="true"])').waitFor()
  await settled()
  await page.getByRole('button', { name: 'Next month' }).click()
  await settled()
  const day = page.locator('.bk-day:not([disabled])').nth(1)
  const date = await day.getAttribute('value')
  await day.click()
  await page.locator(`.bk-day[value="${date}"][aria-pressed="true"]`).waitFor()
  await settled()
  await page.locator('.bk-time').nth(nth).click()
  await page.getByRole('button', { name: 'Continue', exact: true }).click()
  await page.getByRole('heading', { name: 'Your details' }).waitFor()
  await page.getByLabel('Name').fill(visitor.name)
  await page.getByLabel('Email').fill(visitor.email)
  await page.getByRole('button', { name: 'Continue', exact: true }).click()
  await page.getByRole('heading', { name: 'Check and confirm' }).waitFor()
}

/** The booking of the customer with this email on this site. */
export async function bookingOfCustomer(db: Db, projectId: string, email: string) {
  const [row] = await db.select({ booking: bookings }).from(bookings).innerJoin(customers, eq(customers.id, bookings.customerId))
    .where(and(eq(bookings.projectId, projectId), eq(customers.email, email)))
  return row!.booking
}

/**
 * The owner, in the admin at 1280 px, opens Bookings › Payments, opens the customer's payment,
 * refunds `amount` (major units, e.g. "4") with a reason, and waits until the provider's
 * confirmation shows it partly refunded.
 */
export async function refundFromAdmin(browser: Browser, options: { admin: string, cookie: string, projectId: string, customer: string, amount: string, screenshot?: string }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.190' } })
  const [name, value] = options.cookie.split('=') as [string, string]
  await context.addCookies([{ name, value, url: options.admin }])
  const page = await context.newPage()
  await openPage(page, `${options.admin}/projects/${options.projectId}?tab=bookings&section=payments`)
  const row = page.getByTestId('payments-list').locator('tbody tr', { hasText: options.customer })
  await row.getByRole('button', { name: /Open the payment of/ }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByTestId('payment-timeline').waitFor()
  await dialog.getByRole('button', { name: 'Refund…' }).click()
  await dialog.getByLabel('Amount to refund').fill(options.amount)
  await dialog.getByLabel('Reason').fill('Shorter session than booked')
  await dialog.getByRole('button', { name: /^Refund €/ }).click()
  await page.getByText(/Refund of €[\d.]+ asked for/).first().waitFor()
  await dialog.getByTestId('payment-status').filter({ hasText: 'Partly refunded' }).waitFor({ timeout: 15_000 })
  if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true })
  await context.close()
}
