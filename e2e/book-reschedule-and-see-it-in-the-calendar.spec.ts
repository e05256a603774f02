import { and, desc, eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatInZone } from '@flectar/time'
import { bookings, customers, projects, users } from '@flectar/db'
import { openE2eDatabase } from './support/accounts'
import { launchBrowser, openPage } from './support/browser'

/**
 * The bookings issue's journey on the seeded demo salon, as people would do it: a visitor
 * books on http://demo.localhost/book, the confirmation with its .ics lands in the dev
 * mailbox, the visitor moves the booking from the email's manage link, and the owner sees
 * it at the new time in the admin calendar.
 */
const sitePort = inject('sitePort')
const admin = `http://localhost:${inject('adminPort')}`
const demo = `http://demo.localhost:${sitePort}`
const ZONE = 'Europe/Madrid'
const VISITOR = 'paula.journey@example.com'

describe('a visitor books the demo salon, reschedules, and the owner sees it moved', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let projectId: string
  let ownerCookie: string

  beforeAll(async () => {
    browser = await launchBrowser()
    const [project] = await database.db.select().from(projects).where(eq(projects.slug, 'demo'))
    projectId = project!.id
    const [owner] = await database.db.select().from(users).where(eq(users.email, 'owner@demo.flectar.localhost'))
    ownerCookie = (await database.createSession(owner!.id)).token
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  async function visitorBooking() {
    const [row] = await database.db.select({ booking: bookings }).from(bookings).innerJoin(customers, eq(customers.id, bookings.customerId))
      .where(and(eq(bookings.projectId, projectId), eq(customers.email, VISITOR))).orderBy(desc(bookings.createdAt)).limit(1)
    return row?.booking
  }

  /**
   * The enhancement script fetches the next month or day and swaps the picker in; the one being
   * replaced is aria-busy. Clicking into it meanwhile picks from the old month (under load the
   * fetch took long enough for the day and time clicks to land there, and Continue had no time).
   */
  const pickerSettled = (page: Page) => page.locator('[data-bk-picker][aria-busy="true"]').waitFor({ state: 'detached' })

  it('books, gets the .ics, moves the booking from the manage link, and the calendar shows the new time', async () => {
    // 1. The visitor books the first free cut on /book.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: ZONE, extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.61' } })
    const page = await visitor.newPage()
    await page.goto(`${demo}/book`)
    await page.getByRole('button', { name: /Cut & blow-dry/ }).click()
    await page.getByRole('heading', { name: 'Add extras' }).waitFor()
    await page.getByRole('button', { name: 'Continue without extras' }).click()
    await page.getByRole('heading', { name: 'Choose a date and time' }).waitFor()
    // Next month, well outside the 24-hour window in which it could no longer be moved online.
    await page.getByRole('button', { name: 'Next month' }).click()
    await pickerSettled(page)
    await page.locator('.bk-day:not([disabled])').first().click()
    await pickerSettled(page)
    await page.locator('.bk-time').first().click()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByLabel('Name').fill('Paula Journey')
    await page.getByLabel('Email').fill(VISITOR)
    await page.getByLabel(/24-hour cancellation policy/).check()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Check and confirm' }).waitFor()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'You’re booked' }).waitFor()
    const booked = await visitorBooking()
    expect(booked).toMatchObject({ status: 'confirmed', serviceName: 'Cut & blow-dry', source: 'site' })

    // 2. The confirmation, with booking.ics, is in the dev mailbox.
    const owner = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: ZONE })
    await owner.addCookies([{ name: 'flectar_session', value: ownerCookie, url: admin }])
    const inbox = await owner.newPage()
    await openPage(inbox, `${admin}/dev/mailbox?to=${encodeURIComponent(VISITOR)}`)
    await inbox.getByRole('button', { name: /Booking confirmed: Cut & blow-dry/ }).click()
    const attachment = inbox.getByRole('link', { name: 'booking.ics' })
    await attachment.waitFor()
    const ics = Buffer.from((await attachment.getAttribute('href'))!.split(',')[1]!, 'base64').toString()
    expect(ics).toContain('BEGIN:VCALENDAR')
    expect(ics).toContain(`UID:${booked!.id}@flectar`)
    expect(ics).toContain(`DTSTART:${booked!.startsAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`)
    const manageLink = await inbox.getByRole('link', { name: /\/book\/manage\// }).first().getAttribute('href')
    expect(manageLink).toMatch(new RegExp(`^${demo}/book/manage/`))

    // 3. The visitor opens the manage link and moves the booking to another free time.
    await page.goto(manageLink!)
    await page.getByRole('heading', { name: 'Cut & blow-dry' }).waitFor()
    await page.getByRole('button', { name: 'Reschedule' }).click()
    await page.getByRole('heading', { name: 'Choose a new time' }).waitFor()
    await page.locator('.bk-time').nth(3).click()
    await page.getByRole('button', { name: 'Move my booking' }).click()
    await page.getByText(/Your booking has moved to/).waitFor()
    const moved = await visitorBooking()
    expect(moved!.id).toBe(booked!.id)
    expect(moved!.startsAt.getTime()).not.toBe(booked!.startsAt.getTime())
    expect(moved!.status).toBe('confirmed')
    await visitor.close()

    // 4. The owner opens the calendar on that day and sees the booking at its new time.
    const calendar = await owner.newPage()
    const day = formatInZone(moved!.startsAt, ZONE).slice(0, 10)
    const time = formatInZone(moved!.startsAt, ZONE).slice(11, 16)
    await openPage(calendar, `${admin}/projects/${projectId}?tab=bookings&section=calendar&date=${day}`)
    const block = calendar.locator(`[data-booking-id="${moved!.id}"]`)
    await block.waitFor()
    expect(await block.textContent()).toContain(`${time}–`)
    expect(await block.textContent()).toContain('Paula Journey')
    await owner.close()
  })
})
