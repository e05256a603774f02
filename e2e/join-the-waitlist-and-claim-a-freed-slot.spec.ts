import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createBooking, type BookingEnv } from '@flectar/bookings'
import { bookingResources, bookingServiceResources, bookingServices, bookings, waitlistEntries, waitlistOffers } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { todayIn } from '@flectar/time'
import { openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'

const sitePort = inject('sitePort')
const admin = `http://localhost:${inject('adminPort')}`
const SLUG = 'waitlist-studio'
const site = `http://${SLUG}.localhost:${sitePort}`
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-booking-screenshots'
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/**
 * A full day, a visitor on its waitlist, a cancellation: the freed time is emailed to them with
 * a link that holds it, and one click books it. The same link cannot book it twice.
 */
describe('a visitor joins the waitlist of a full day and books the time that frees up', () => {
  const database = openE2eDatabase()
  const { db } = database
  let browser: Browser
  let serviceId: string
  let day: string
  let brunosManageUrl: string
  let ownerCookie: string
  let projectId: string

  beforeAll(async () => {
    const owner = await database.createOwner('waitlist-owner@example.com', 'Waitlist Org')
    const project = await createProject(db, owner.orgId, { name: 'Waitlist Studio', slug: SLUG, templateKey: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    const scope = { orgId: owner.orgId, projectId: project.id }
    ownerCookie = owner.cookie
    projectId = project.id
    // One half hour a day: a day with one booking is full.
    const [resource] = await db.insert(bookingResources).values({
      ...scope, name: 'Robin', kind: 'staff', timeZone: 'Europe/Madrid', weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '10:00', end: '10:30' })),
    }).returning()
    const [service] = await db.insert(bookingServices).values({
      ...scope, name: 'Colour consultation', durationMinutes: 30, priceAmount: 0, currency: 'EUR', minNoticeMinutes: 60, maxAdvanceDays: 60, slotIntervalMinutes: 30,
    }).returning()
    serviceId = service!.id
    await db.insert(bookingServiceResources).values({ serviceId, resourceId: resource!.id, projectId: project.id })
    day = addDays(todayIn('Europe/Madrid'), 3)
    const env: BookingEnv = { siteOrigin: site, secret: inject('appEnv').SESSION_SECRET!, adminUrl: 'http://localhost/unused' }
    const booked = await createBooking(db, project, {
      serviceId, start: `${day}T10:00:00+01:00`, timeZone: 'Europe/Madrid', customer: { name: 'Bruno Díaz', email: 'bruno-waitlist@example.com' }, extras: [], answers: {},
    }, env, { source: 'site' })
    brunosManageUrl = booked.manageUrl
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  async function expectAccessible(page: Page, name: string) {
    await page.screenshot({ path: `${SCREENSHOTS}/waitlist-${name}.png`, fullPage: true })
    expect(await seriousAxeViolations(page), name).toEqual([])
  }

  it('joins from the times step, is offered the cancelled time, books it with one click, and the link cannot book it again', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.140' } })
    const page = await context.newPage()
    await page.goto(`${site}/book/time?service=${serviceId}&date=${day}&tz=Europe%2FMadrid`)
    await page.getByRole('heading', { name: 'Choose a date and time' }).waitFor()
    await page.getByRole('link', { name: 'Join the waitlist' }).click()
    await page.getByRole('heading', { name: 'Join the waitlist', level: 1 }).waitFor()
    expect(await page.getByLabel('From').inputValue()).toBe(day)
    await expectAccessible(page, 'join')

    // The server checks the form and keeps what was typed: no name, then a range that ends before it starts.
    await page.getByLabel('Email').fill('ana-waitlist@example.com')
    await page.getByRole('button', { name: 'Join the waitlist' }).click()
    await page.getByText('Some details need attention.').waitFor()
    expect((await page.locator('#bk-customer-name-error').textContent())?.trim()).toBe('Your name is required.')
    await expectAccessible(page, 'join-errors')
    await page.getByLabel('Name').fill('Ana García')
    await page.getByLabel('Until').fill(addDays(day, -1))
    await page.getByRole('button', { name: 'Join the waitlist' }).click()
    expect((await page.locator('#bk-toDate-error').textContent())?.trim()).toBe('The last day must not be before the first day.')
    expect(await page.getByLabel('Email').inputValue()).toBe('ana-waitlist@example.com')
    await page.getByLabel('Until').fill(day)
    await page.getByRole('button', { name: 'Join the waitlist' }).click()
    await page.getByText('You’re on the waitlist for Colour consultation.').waitFor()
    await expectAccessible(page, 'joined')
    const [entry] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.email, 'ana-waitlist@example.com'))
    expect(entry).toMatchObject({ status: 'waiting', fromDate: day, toDate: day, serviceId })

    // Bruno cancels from his manage link: the time is offered to Ana at once, and held.
    const bruno = await (await browser.newContext({ timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.141' } })).newPage()
    await bruno.goto(brunosManageUrl)
    await bruno.getByRole('button', { name: 'Cancel booking' }).click()
    await bruno.getByRole('button', { name: 'Yes, cancel it' }).click()
    await bruno.getByText('Your booking is cancelled.').waitFor()
    const [offer] = await db.select().from(waitlistOffers).where(eq(waitlistOffers.entryId, entry!.id))
    expect(offer).toMatchObject({ status: 'open', startsAt: new Date(`${day}T10:00:00+01:00`) })
    // Held for Ana: the day shows no free time to anyone else.
    await bruno.goto(`${site}/book/time?service=${serviceId}&date=${day}&tz=Europe%2FMadrid`)
    expect(await bruno.locator(`button.bk-day[value="${day}"]`).isDisabled()).toBe(true)

    const claimLink = await database.linkFromEmail('ana-waitlist@example.com', 'bookings.waitlist_offer')
    expect(claimLink).toMatch(new RegExp(`^${site}/book/waitlist/offer/`))
    await page.goto(claimLink)
    await page.getByText('This time is held for you until').waitFor()
    await expectAccessible(page, 'offer')
    await page.getByRole('button', { name: 'Book this time' }).click()
    await page.waitForURL(/\/book\/manage\//)
    await page.getByText('Confirmed').first().waitFor()
    const [booked] = await db.select().from(bookings).where(eq(bookings.id, (await db.select().from(waitlistOffers).where(eq(waitlistOffers.id, offer!.id)))[0]!.bookingId!))
    expect(booked).toMatchObject({ status: 'confirmed', startsAt: new Date(`${day}T10:00:00+01:00`), serviceId })

    // The link again: it says the time is booked, and posting it again changes nothing (409).
    await page.goto(claimLink)
    await page.getByText('This time is booked for you already').waitFor()
    // (From the page: Node cannot resolve *.localhost.)
    expect(await page.evaluate(async url => (await fetch(url, { method: 'POST', redirect: 'manual' })).status, claimLink)).toBe(409)
    const active = (await db.select().from(bookings).where(eq(bookings.serviceId, serviceId))).filter(row => row.status === 'confirmed')
    expect(active).toHaveLength(1)
    await context.close()
  })

  it('shows the owner who waited and what became of it, in Bookings › Waitlist', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.142' } })
    const [name, value] = ownerCookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings&section=waitlist`)
    const waitlist = page.getByTestId('waitlist')
    // Ana booked: she is no longer waiting, so the list says nobody is; the switch shows her.
    await waitlist.getByText('Nobody is waiting now').waitFor()
    await waitlist.getByRole('switch', { name: 'Show booked and past' }).click()
    const row = waitlist.getByRole('list', { name: 'Waitlist' }).getByRole('listitem').filter({ hasText: 'Ana García' })
    await row.getByText('Booked').waitFor()
    expect(await row.textContent()).toContain('Colour consultation')
    await expectAccessible(page, 'admin')
    await context.close()
  })
})
