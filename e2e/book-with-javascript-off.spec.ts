import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingExtras, bookingRequirements, bookingResources, bookingServiceResources, bookingServices, bookings } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser } from './support/browser'

const sitePort = inject('sitePort')
const SLUG = 'book-no-js'
const site = `http://${SLUG}.localhost:${sitePort}`
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-booking-screenshots'

/**
 * The whole booking journey in a browser with JavaScript switched off: plain forms and
 * links, each step its own address. Each page is also checked with axe (in a second
 * browser that runs scripts, on the same address).
 */
describe('a visitor with JavaScript off books, reschedules and cancels', () => {
  const database = openE2eDatabase()
  const { db } = database
  let browser: Browser
  let projectId: string
  let extraId: string
  let questionId: string
  let axePage: Page

  beforeAll(async () => {
    const owner = await database.createOwner('no-js-owner@example.com', 'No JS Org')
    const project = await createProject(db, owner.orgId, { name: 'Plain Studio', slug: SLUG, templateKey: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    projectId = project.id
    const scope = { orgId: owner.orgId, projectId }
    const [resource] = await db.insert(bookingResources).values({
      ...scope, name: 'Robin', kind: 'staff', timeZone: 'Europe/Madrid',
      weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '09:00', end: '17:00' })),
    }).returning()
    const [service] = await db.insert(bookingServices).values({
      ...scope, name: 'Beard trim', durationMinutes: 30, priceAmount: 2000, currency: 'EUR', minNoticeMinutes: 60, maxAdvanceDays: 90, slotIntervalMinutes: 30,
    }).returning()
    await db.insert(bookingServiceResources).values({ serviceId: service!.id, resourceId: resource!.id, projectId })
    const [extra] = await db.insert(bookingExtras).values({ ...scope, name: 'Hot towel', priceAmount: 500, durationMinutes: 15, serviceIds: [service!.id] }).returning()
    extraId = extra!.id
    const [question] = await db.insert(bookingRequirements).values({ ...scope, label: 'How should it look?', kind: 'text', required: true, serviceIds: [service!.id] }).returning()
    questionId = question!.id
    browser = await launchBrowser()
    axePage = await (await browser.newContext({ timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.130' } })).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  async function expectAccessible(page: Page) {
    await axePage.goto(page.url())
    expect(await seriousAxeViolations(axePage), page.url()).toEqual([])
  }

  it('books a service with an extra and an answer, then moves and cancels it from the manage link', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 }, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.131' } })
    const page = await context.newPage()
    const step = async (heading: string | RegExp, name: string) => {
      await page.getByRole('heading', { name: heading }).waitFor()
      expect(await page.content()).not.toContain('/_nuxt/')
      await page.screenshot({ path: `${SCREENSHOTS}/no-js-${name}.png`, fullPage: true })
      await expectAccessible(page)
    }

    await page.goto(`${site}/book`)
    await step('Choose a service', 'service')
    await page.getByRole('button', { name: /Beard trim/ }).click()
    await step('Add extras', 'extras')
    await page.getByLabel(/Hot towel/).check()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await step('Choose a date and time', 'time')
    // Without a time, the details step sends the visitor back to choose one.
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByText('Choose a day and a time to continue.').waitFor()
    // Another month and another day are other pages; the times are radio buttons.
    await page.getByRole('button', { name: 'Next month' }).click()
    await page.locator('.bk-day:not([disabled])').nth(1).click()
    await page.getByRole('heading', { name: 'Choose a date and time' }).waitFor()
    expect(await page.locator('.bk-day[aria-pressed="true"]').count()).toBe(1)
    await page.locator('.bk-time').nth(2).click()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await step('Your details', 'details')

    // The server checks the form and answers on the fields.
    await page.getByLabel('Email').fill('not an address')
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByText('Your name is required.').waitFor()
    expect((await page.locator('#bk-customer-email-error').textContent())?.trim()).toBe('The email address must be an email address.')
    expect((await page.locator(`#bk-answers-${questionId}-error`).textContent())?.trim()).toBe('An answer is required.')
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true')
    await page.screenshot({ path: `${SCREENSHOTS}/no-js-details-errors.png`, fullPage: true })
    await page.getByLabel('Name').fill('Nico Plain')
    await page.getByLabel('Email').fill('nico@example.com')
    await page.getByLabel('How should it look?').fill('Short, tidy edges')
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await step('Check and confirm', 'summary')
    expect(await page.locator('.bk-price tfoot').textContent()).toContain('€25.00')
    // The details are sealed in the address: no name or email in it.
    expect(page.url()).not.toContain('nico')
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await step('You’re booked', 'done')

    const [booked] = await db.select().from(bookings).where(eq(bookings.projectId, projectId))
    expect(booked).toMatchObject({ status: 'confirmed', source: 'site', priceAmount: 2500, timeZone: 'Europe/Madrid' })
    expect(booked!.extras.map(extra => extra.id)).toEqual([extraId])
    expect(booked!.answers).toEqual([expect.objectContaining({ requirementId: questionId, value: 'Short, tidy edges' })])

    // The manage link: see it, move it, cancel it.
    const manageUrl = await page.getByRole('link', { name: 'Change or cancel' }).getAttribute('href')
    expect(manageUrl).toMatch(new RegExp(`^${site}/book/manage/`))
    await page.goto(manageUrl!)
    await step('Beard trim', 'manage')
    await page.getByRole('button', { name: 'Reschedule' }).click()
    await step('Choose a new time', 'reschedule')
    await page.getByRole('button', { name: 'Next month' }).click()
    await page.getByRole('button', { name: 'Next month' }).click()
    await page.locator('.bk-time').first().click()
    await page.getByRole('button', { name: 'Move my booking' }).click()
    await page.getByText(/Your booking has moved to/).waitFor()
    const [moved] = await db.select().from(bookings).where(eq(bookings.id, booked!.id))
    expect(moved!.startsAt.getTime()).toBeGreaterThan(booked!.startsAt.getTime())
    expect(moved!.status).toBe('confirmed')

    await page.getByRole('button', { name: 'Cancel booking' }).click()
    await step('Cancel this booking?', 'cancel')
    await page.getByLabel(/Reason/).fill('Travelling that week')
    await page.getByRole('button', { name: 'Yes, cancel it' }).click()
    await page.getByText('Your booking is cancelled.').waitFor()
    expect((await page.locator('.bk-status').textContent())?.trim()).toBe('Cancelled')
    await page.screenshot({ path: `${SCREENSHOTS}/no-js-cancelled.png`, fullPage: true })
    await expectAccessible(page)
    const [cancelled] = await db.select().from(bookings).where(eq(bookings.id, booked!.id))
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Travelling that week' })
    await context.close()
  })
})
