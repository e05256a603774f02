import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { formatInZone } from '@flectar/time'
import { bookingRequirements, bookingResources, bookings, bookingServiceResources, bookingServices, customers, outboxMessages, projects, type BookingAnswer } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { openE2eDatabase } from './support/accounts'
import { httpRequest } from './support/apps'
import { launchBrowser, openPage } from './support/browser'

/**
 * The owner runs the day from the admin calendar: sees tomorrow's bookings, drags one to
 * another time (and cannot drop it on a taken one), confirms a pending request, and books a
 * customer who phoned in.
 */
const admin = `http://localhost:${inject('adminPort')}`
const ZONE = 'Europe/Madrid'
const HOUR_PX = 48
const sitePort = inject('sitePort')
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-booking-screenshots'
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

/** The instant of a wall-clock time in the project's zone (tomorrow is never a DST gap at these hours). */
function madrid(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`)
  const offset = formatInZone(guess, ZONE).slice(19)
  return new Date(`${date}T${time}:00${offset}`)
}

describe('an owner manages bookings in the admin calendar', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let cookie: string
  let projectId: string
  let tomorrow: string
  const ids = { moved: '', pending: '' }
  let book: (time: string, customerId: string, status: 'confirmed' | 'pending', answers?: BookingAnswer[]) => Promise<string>
  let scope: { orgId: string, projectId: string }
  let serviceId: string
  let customerId: string

  beforeAll(async () => {
    browser = await launchBrowser()
    const owner = await database.createOwner('desk@ops-salon.example', 'Ops Salon')
    cookie = owner.cookie
    const project = await createProject(database.db, owner.orgId, { name: 'Ops Salon', slug: 'ops-salon', timeZone: ZONE, defaultLocale: 'en' }, SYSTEM_ACTOR)
    projectId = project.id
    await database.db.update(projects).set({ timeZone: ZONE, modules: ['bookings'] }).where(eq(projects.id, projectId))
    scope = { orgId: owner.orgId, projectId }
    const [chair] = await database.db.insert(bookingResources).values({
      ...scope, name: 'Chair 1', timeZone: ZONE, weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '08:00', end: '20:00' })),
    }).returning()
    const [service] = await database.db.insert(bookingServices).values({
      ...scope, name: 'Haircut', durationMinutes: 30, priceAmount: 2500, currency: 'EUR', minNoticeMinutes: 60, slotIntervalMinutes: 15,
    }).returning()
    await database.db.insert(bookingServiceResources).values({ serviceId: service!.id, resourceId: chair!.id, projectId })
    const [ana, bo] = await database.db.insert(customers).values([
      { ...scope, name: 'Ana Calendar', email: 'ana@example.com', phone: '+34600100100' },
      { ...scope, name: 'Bo Pending', email: 'bo@example.com' },
    ]).returning()

    serviceId = service!.id
    customerId = ana!.id
    tomorrow = new Date(Date.parse(`${formatInZone(new Date(), ZONE).slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    book = async (time, customerId, status, answers = []) => {
      const startsAt = madrid(tomorrow, time)
      const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
      const [row] = await database.db.insert(bookings).values({
        ...scope, resourceId: chair!.id, serviceId: service!.id, customerId, status, startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
        timeZone: ZONE, serviceName: 'Haircut', priceAmount: 2500, source: 'site', answers,
      }).returning()
      return row!.id
    }
    ids.moved = await book('10:00', ana!.id, 'confirmed')
    ids.pending = await book('14:00', bo!.id, 'pending')
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  async function startOf(bookingId: string) {
    const [row] = await database.db.select({ startsAt: bookings.startsAt, status: bookings.status }).from(bookings).where(eq(bookings.id, bookingId))
    return row!
  }

  /** Drags a booking block within its column so that its top lands on `time` (the grid starts at 08:00). */
  async function dragTo(page: Page, bookingId: string, time: string) {
    const [hours, minutes] = time.split(':').map(Number) as [number, number]
    const block = page.locator(`[data-booking-id="${bookingId}"]`)
    await block.dragTo(block.locator('xpath=..'), { sourcePosition: { x: 10, y: 2 }, targetPosition: { x: 20, y: ((hours - 8) * 60 + minutes) / 60 * HOUR_PX + 2 } })
  }

  it('drags a booking to another time, refuses a taken one, confirms a request and books a caller', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.80' } })
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()

    // Tomorrow in the day view: a column for the chair with both bookings.
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings&section=calendar`)
    const calendar = page.getByTestId('bookings-calendar')
    const toasts = page.getByRole('region', { name: /Notifications/ })
    await calendar.getByRole('button', { name: 'Day', exact: true }).click()
    await calendar.getByRole('button', { name: 'Next day' }).click()
    await page.locator(`[data-booking-id="${ids.moved}"]`).waitFor()
    await expect(page.locator(`[data-booking-id="${ids.moved}"]`).textContent()).resolves.toContain('Ana Calendar')
    await expect(page.locator(`[data-booking-id="${ids.pending}"]`).textContent()).resolves.toContain('14:00–14:30')

    // Every drop asks first, saying from when to when; cancelled, nothing moves.
    const confirm = page.getByRole('dialog', { name: 'Move this booking?' })
    await dragTo(page, ids.moved, '12:00')
    await expect(confirm.getByTestId('move-summary').textContent()).resolves.toMatch(/From.*10:00.*To.*12:00/)
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await confirm.waitFor({ state: 'hidden' })
    await expect(page.locator(`[data-booking-id="${ids.moved}"]`).textContent()).resolves.toContain('10:00–10:30')
    expect((await startOf(ids.moved)).startsAt).toEqual(madrid(tomorrow, '10:00'))

    // Dropped on the 14:00 request, the move is refused with free times nearby, and nothing moves.
    await dragTo(page, ids.moved, '14:00')
    await confirm.getByRole('button', { name: 'Move booking' }).click()
    await toasts.getByText('That time is not free').waitFor()
    await toasts.getByText(/Free nearby:/).waitFor()
    expect((await startOf(ids.moved)).startsAt).toEqual(madrid(tomorrow, '10:00'))

    // Dropped at 12:00 without emailing the customer, it moves (snapped to the quarter hour), and
    // the database agrees; no email went out. Undo puts it back, quietly too.
    const emailsToAna = async () => (await database.db.select().from(outboxMessages).where(and(eq(outboxMessages.projectId, projectId), eq(outboxMessages.template, 'bookings.rescheduled')))).length
    const emailsBefore = await emailsToAna()
    await dragTo(page, ids.moved, '12:00')
    await confirm.getByRole('checkbox', { name: /Email Ana Calendar the new time/ }).click()
    await confirm.getByRole('button', { name: 'Move booking' }).click()
    await toasts.getByText('Booking moved').waitFor()
    await expect.poll(async () => (await startOf(ids.moved)).startsAt.getTime()).toBe(madrid(tomorrow, '12:00').getTime())
    await expect(page.locator(`[data-booking-id="${ids.moved}"]`).textContent()).resolves.toContain('12:00–12:30')
    await toasts.getByRole('button', { name: 'Undo' }).click()
    await toasts.getByText('Move undone').waitFor()
    await expect.poll(async () => (await startOf(ids.moved)).startsAt.getTime()).toBe(madrid(tomorrow, '10:00').getTime())

    // Moved again with the email (the default), the customer is told.
    await dragTo(page, ids.moved, '12:00')
    await confirm.getByRole('button', { name: 'Move booking' }).click()
    await expect.poll(async () => (await startOf(ids.moved)).startsAt.getTime()).toBe(madrid(tomorrow, '12:00').getTime())
    expect(await emailsToAna()).toBe(emailsBefore + 1)
    await expect(page.locator(`[data-booking-id="${ids.moved}"]`).textContent()).resolves.toContain('12:00–12:30')

    // The toasts sit over the detail panel's buttons (and a pointer over them stops their timer):
    // close them, as someone would.
    const open = toasts.locator('li[data-state="open"]')
    while (await open.count() > 0) await open.first().getByRole('button', { name: 'Close' }).click()

    // The pending request: open it, confirm it.
    await page.locator(`[data-booking-id="${ids.pending}"]`).click()
    const detail = page.getByRole('dialog')
    await detail.getByTestId('booking-status').filter({ hasText: 'Pending' }).waitFor()
    await detail.getByRole('button', { name: 'Confirm' }).click()
    await detail.getByTestId('booking-status').filter({ hasText: 'Confirmed' }).waitFor()
    expect((await startOf(ids.pending)).status).toBe('confirmed')
    await page.keyboard.press('Escape')
    await detail.waitFor({ state: 'hidden' })

    // A customer phones in: a booking at 16:00 tomorrow with a phone number only.
    await calendar.getByRole('button', { name: 'New booking' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('radio', { name: '16:00' }).click()
    await dialog.getByLabel('Name').fill('Carla Phone')
    await dialog.getByLabel('Phone').fill('+34 600 123 456')
    await dialog.getByRole('button', { name: 'Create booking' }).click()
    await toasts.getByText('Booking created').waitFor()
    const [created] = await database.db.select({ booking: bookings, customer: customers }).from(bookings)
      .innerJoin(customers, eq(customers.id, bookings.customerId))
      .where(and(eq(bookings.projectId, projectId), eq(customers.phone, '+34600123456')))
    expect(created?.booking).toMatchObject({ status: 'confirmed', source: 'admin', startsAt: madrid(tomorrow, '16:00') })
    expect(created?.customer).toMatchObject({ name: 'Carla Phone', email: null })
    await page.locator(`[data-booking-id="${created!.booking.id}"]`).waitFor()
    await context.close()
  })

  it('shows a file the customer uploaded as a link to it that works for five minutes', async () => {
    const [question] = await database.db.insert(bookingRequirements).values({ ...scope, label: 'A photo of the style you want', kind: 'file', serviceIds: [serviceId] }).returning()
    // Uploaded on the site as the booking flow does it.
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'style.png')
    const multipart = new Response(form)
    const siteHost = `ops-salon.localhost:${sitePort}`
    const uploaded = await httpRequest(sitePort, 'POST', '/api/v1/projects/ops-salon/uploads', {
      'host': siteHost, 'content-type': multipart.headers.get('content-type')!, 'x-forwarded-for': '203.0.113.81',
    }, Buffer.from(await multipart.arrayBuffer()))
    expect(uploaded.status).toBe(201)
    const fileId = (JSON.parse(uploaded.body) as { id: string }).id
    const bookingId = await book('18:00', customerId, 'confirmed', [{ requirementId: question!.id, label: question!.label, kind: 'file', value: fileId }])

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.82' } })
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings&section=calendar`)
    const calendar = page.getByTestId('bookings-calendar')
    await calendar.getByRole('button', { name: 'Day', exact: true }).click()
    await calendar.getByRole('button', { name: 'Next day' }).click()
    await page.locator(`[data-booking-id="${bookingId}"]`).click()
    const link = page.getByRole('dialog').getByTestId('booking-file-link')
    await link.waitFor()
    expect(await link.textContent()).toContain('style.png')
    await page.screenshot({ path: `${SCREENSHOTS}/admin-booking-file.png` })

    // The link is signed for the site's private media route and serves the file itself.
    const href = new URL((await link.getAttribute('href'))!)
    expect(href.host).toBe(siteHost)
    expect(href.pathname).toBe(`/media/private/${projectId}/${fileId}/original.png`)
    expect(Number(href.searchParams.get('expires')) * 1000 - Date.now()).toBeLessThanOrEqual(300_000)
    const file = await httpRequest(sitePort, 'GET', href.pathname + href.search, { host: siteHost })
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('image/png')
    expect((await httpRequest(sitePort, 'GET', href.pathname, { host: siteHost })).status).toBe(404)
    await context.close()
  })
})
