import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { eq } from 'drizzle-orm'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingCoupons, bookingExtras, bookingRequirements, bookingResources, bookingServiceResources, bookingServices, bookings, mediaAssets } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { openE2eDatabase } from './support/accounts'
import { httpGet, httpRequest } from './support/apps'
import { launchBrowser } from './support/browser'

const sitePort = inject('sitePort')
const SLUG = 'book-e2e'
const site = `http://${SLUG}.localhost:${sitePort}`
const host = { host: `${SLUG}.localhost:${sitePort}` }
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-booking-screenshots'
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

describe('a visitor books an appointment on the public site', () => {
  const database = openE2eDatabase()
  const { db } = database
  let browser: Browser
  let projectId: string
  let serviceId: string
  let extraId: string
  let consentId: string
  let scalpServiceId: string
  let photoQuestionId: string

  beforeAll(async () => {
    const owner = await database.createOwner('booking-owner@example.com', 'Booking Org')
    const project = await createProject(db, owner.orgId, { name: 'Fern Studio', slug: SLUG, templateKey: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    projectId = project.id
    const scope = { orgId: owner.orgId, projectId }
    const [resource] = await db.insert(bookingResources).values({
      ...scope, name: 'Alex', kind: 'staff', timeZone: 'Europe/Madrid',
      weeklyHours: [1, 2, 3, 4, 5].map(weekday => ({ weekday, start: '09:00', end: '17:00' })),
    }).returning()
    const [service] = await db.insert(bookingServices).values({
      ...scope, name: 'Haircut', description: 'Wash, cut and finish.', durationMinutes: 30, priceAmount: 2500, currency: 'EUR',
      minNoticeMinutes: 60, maxAdvanceDays: 60, slotIntervalMinutes: 30,
    }).returning()
    serviceId = service!.id
    await db.insert(bookingServiceResources).values({ serviceId, resourceId: resource!.id, projectId })
    const [extra] = await db.insert(bookingExtras).values({ ...scope, name: 'Head massage', priceAmount: 800, durationMinutes: 15, serviceIds: [serviceId] }).returning()
    extraId = extra!.id
    const [consent] = await db.insert(bookingRequirements).values({ ...scope, label: 'I accept the cancellation policy', kind: 'consent', required: true, serviceIds: [serviceId] }).returning()
    consentId = consent!.id
    const [scalp] = await db.insert(bookingServices).values({
      ...scope, name: 'Scalp check', durationMinutes: 30, priceAmount: 1500, currency: 'EUR', minNoticeMinutes: 60, maxAdvanceDays: 60, slotIntervalMinutes: 30, position: 1,
    }).returning()
    scalpServiceId = scalp!.id
    await db.insert(bookingServiceResources).values({ serviceId: scalpServiceId, resourceId: resource!.id, projectId })
    const [photo] = await db.insert(bookingRequirements).values({ ...scope, label: 'A photo of your scalp', kind: 'file', required: true, serviceIds: [scalpServiceId] }).returning()
    photoQuestionId = photo!.id
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  const bookingsOfProject = () => db.select().from(bookings).where(eq(bookings.projectId, projectId))

  /**
   * A visitor in Madrid; `window.flectar` records the analytics events the flow sends, kept
   * in the tab's sessionStorage because every step is a page of its own.
   */
  async function newBooker(ip: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext, page: Page }> {
    const context = await browser.newContext({ viewport, timezoneId: 'Europe/Madrid', extraHTTPHeaders: { 'x-forwarded-for': ip } })
    await context.addInitScript({ content: `window.__events = JSON.parse(sessionStorage.getItem('test-events') || '[]');
      window.flectar = function () { window.__events.push([].slice.call(arguments)); sessionStorage.setItem('test-events', JSON.stringify(window.__events)) }` })
    return { context, page: await context.newPage() }
  }

  /** Service, extra, the first free time, then name and email; leaves the page on the details step. */
  async function upToDetails(page: Page, email: string) {
    await page.goto(`${site}/book`)
    await page.getByRole('button', { name: /Haircut/ }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Add extras')
    await page.getByLabel(/Head massage/).check()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Choose a date and time' }).waitFor()
    await page.locator('.bk-time').first().click()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Your details' }).waitFor()
    await page.getByLabel('Name').fill('Jo Visitor')
    await page.getByLabel('Email').fill(email)
  }

  it('serves /book as HTML with one small script and no framework, frameable by any site, and the block links to it on the home page', async () => {
    const book = await httpGet(sitePort, '/book', host)
    expect(book.status).toBe(200)
    expect(book.body).not.toContain('/_nuxt/')
    const scripts = [...book.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map(match => match[1]!)
    expect(scripts).toEqual([expect.stringMatching(/^\/_book\/booking\.[\w-]+\.js$/)])
    const script = await httpGet(sitePort, scripts[0]!, host)
    expect(script.headers['cache-control']).toContain('max-age=31536000')
    expect(gzipSync(script.body, { level: 9 }).length).toBeLessThan(30 * 1024)
    // Per visitor: never kept by a cache.
    expect(book.headers['cache-control']).toBe('no-store')
    expect(book.headers['content-security-policy']).toBe('frame-ancestors *')
    expect(book.headers['x-frame-options']).toBeUndefined()
    expect(book.body).toContain('<title>Book an appointment · Fern Studio</title>')
    // Content pages still ship no JavaScript.
    const demo = await httpGet(sitePort, '/', { host: `demo.localhost:${sitePort}` })
    expect(demo.body).not.toMatch(/<script[^>]+src=/)
    expect(demo.body).toContain('<a class="fb-button" href="/book">Book now</a>')
    expect(demo.headers['content-security-policy']).toBeUndefined()
    // A host that is not a site has no booking page either.
    const nowhere = await httpGet(sitePort, '/book', { host: `nobody-here.localhost:${sitePort}` })
    expect(nowhere.status).toBe(404)
    expect(nowhere.body).toContain('There is no site here')
  })

  it('goes from service to confirmation, and the booking is stored confirmed', async () => {
    const { context, page } = await newBooker('203.0.113.101')
    await upToDetails(page, 'jo@example.com')
    await page.getByLabel('I accept the cancellation policy').check()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Check and confirm' }).waitFor()
    await expect.poll(() => page.locator('.bk-price tfoot').textContent()).toContain('€33.00')
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'You’re booked' }).waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/booked.png`, fullPage: true })
    const manageUrl = await page.getByRole('link', { name: 'Change or cancel' }).getAttribute('href')
    expect(manageUrl).toMatch(new RegExp(`^${site}/book/manage/[\\w-]+\\.[\\w-]+$`))
    expect(await page.evaluate(() => (window as unknown as { __events: unknown[][] }).__events))
      .toEqual([['event', 'booking_started'], ['event', 'booking_confirmed']])

    const stored = await bookingsOfProject()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ status: 'confirmed', serviceId, timeZone: 'Europe/Madrid', priceAmount: 3300, source: 'site' })
    expect(stored[0]!.extras.map(extra => extra.id)).toEqual([extraId])
    expect(stored[0]!.answers).toEqual([expect.objectContaining({ requirementId: consentId, value: true })])
    expect(stored[0]!.endsAt.getTime() - stored[0]!.startsAt.getTime()).toBe(45 * 60_000)

    // The manage link opens the same booking.
    await page.goto(manageUrl!)
    await page.getByRole('heading', { name: 'Haircut' }).waitFor()
    expect((await page.locator('.bk-status').textContent())?.trim()).toBe('Confirmed')
    await context.close()
  })

  it('shows a missing consent next to the checkbox, from the form and from the API (422), and books nothing', async () => {
    const before = (await bookingsOfProject()).length
    const { context, page } = await newBooker('203.0.113.102', { width: 375, height: 800 })
    await upToDetails(page, 'no-consent@example.com')
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    const consentError = page.locator(`#bk-answers-${consentId}-error`)
    expect((await consentError.textContent())?.trim()).toBe('This must be accepted.')

    // Past the form's own check, the API's 422 lands on the same checkbox.
    await page.getByLabel('I accept the cancellation policy').check()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.route('**/book/confirm', async (route) => {
      const body = new URLSearchParams(route.request().postData() ?? '')
      for (const name of [...body.keys()]) if (name.startsWith('answers.')) body.delete(name)
      await route.continue({ postData: body.toString() })
    })
    const answered = page.waitForResponse(response => response.url().endsWith('/book/confirm') && response.request().method() === 'POST')
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    expect((await answered).status()).toBe(422)
    await page.getByRole('heading', { name: 'Your details' }).waitFor()
    expect((await consentError.textContent())?.trim()).toBe('This must be accepted.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`bk-answers-${consentId}`)
    await page.screenshot({ path: `${SCREENSHOTS}/consent-422-375.png`, fullPage: true })
    expect(await bookingsOfProject()).toHaveLength(before)
    await context.close()
  })

  it('applies a coupon on the summary before confirming, and names one that expired', async () => {
    const scope = { orgId: (await db.select().from(bookingServices).where(eq(bookingServices.id, serviceId)))[0]!.orgId, projectId }
    await db.insert(bookingCoupons).values([
      { ...scope, code: 'SPRING', kind: 'fixed', amount: 500 },
      { ...scope, code: 'LASTYEAR', kind: 'percent', amount: 50, validUntil: new Date(Date.now() - 86_400_000) },
    ])
    const { context, page } = await newBooker('203.0.113.104')
    await upToDetails(page, 'coupon@example.com')
    await page.getByLabel('I accept the cancellation policy').check()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Check and confirm' }).waitFor()
    const coupon = page.getByLabel(/Coupon code/)
    await coupon.fill('lastyear')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => page.locator('.bk-coupon .bk-error').textContent()).toMatch(/expired/)
    await coupon.fill('spring')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByText('Coupon applied: you save €5.00.').waitFor()
    await expect.poll(() => page.locator('.bk-price tfoot').textContent()).toContain('€28.00')
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'You’re booked' }).waitFor()
    const [stored] = (await bookingsOfProject()).filter(booking => booking.discountAmount > 0)
    expect(stored).toMatchObject({ priceAmount: 3300, discountAmount: 500 })
    await context.close()
  })

  it('offers the nearest free times when the chosen one was just taken (409)', async () => {
    const { context, page } = await newBooker('203.0.113.103')
    await upToDetails(page, 'late@example.com')
    await page.getByLabel('I accept the cancellation policy').check()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Check and confirm' }).waitFor()

    // Someone else takes the same time meanwhile, through the API.
    const request = page.waitForRequest(candidate => candidate.url().endsWith('/book/confirm') && candidate.method() === 'POST')
    await page.route('**/book/confirm', async (route) => {
      const start = new URLSearchParams(route.request().postData() ?? '').get('start')
      const taken = await httpRequest(sitePort, 'POST', `/api/v1/projects/${SLUG}/bookings`, { ...host, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.104' }, JSON.stringify({
        serviceId, start, timeZone: 'Europe/Madrid', customer: { name: 'Quick', email: 'quick@example.com' }, extras: [extraId], answers: { [consentId]: true },
      }))
      expect(taken.status).toBe(201)
      await route.continue()
    }, { times: 1 })
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await request
    const conflict = page.locator('#bk-conflict')
    await conflict.waitFor()
    expect(await conflict.textContent()).toContain('Sorry, that time was just taken.')
    await page.screenshot({ path: `${SCREENSHOTS}/conflict.png`, fullPage: true })
    await conflict.getByRole('button').first().click()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'You’re booked' }).waitFor()
    await context.close()
  })

  it('uploads a photo for a file question on a phone, refusing a fake image, and books with it', async () => {
    const { context, page } = await newBooker('203.0.113.107', { width: 375, height: 800 })
    await page.goto(`${site}/book`)
    await page.getByRole('button', { name: /Scalp check/ }).click()
    await page.getByRole('heading', { name: 'Choose a date and time' }).waitFor()
    await page.locator('.bk-time').first().click()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Your details' }).waitFor()
    await page.getByLabel('Name').fill('Sam Scalp')
    await page.getByLabel('Email').fill('sam@example.com')
    const error = page.locator(`#bk-answers-${photoQuestionId}-error`)

    // Required: the form says so before anything is sent.
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    expect((await error.textContent())?.trim()).toBe('Choose a file to upload.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`bk-answers-${photoQuestionId}`)

    // A text file named .png passes the browser's check, not the server's.
    const input = page.getByLabel('A photo of your scalp')
    await input.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') })
    await expect.poll(async () => (await error.textContent())?.trim()).toBe('This file is not a PNG, JPEG, WebP, AVIF or GIF image, or a PDF.')
    await page.screenshot({ path: `${SCREENSHOTS}/file-question-refused-375.png`, fullPage: true })
    // Too large never leaves the browser.
    await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) })
    expect((await error.textContent())?.trim()).toBe('This file is too large (10 MB). The limit is 10 MB.')

    // Held back a moment, so the upload's state shows and Continue waits for it.
    let release!: () => void
    const held = new Promise<void>(resolve => (release = resolve))
    await page.route('**/api/v1/projects/*/uploads', async (route) => {
      await held
      await route.continue()
    }, { times: 1 })
    await input.setInputFiles({ name: 'scalp.png', mimeType: 'image/png', buffer: PNG })
    await page.getByText(/^Uploading… \d+%$/).waitFor()
    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    expect((await error.textContent())?.trim()).toBe('Wait until the upload has finished.')
    release()
    await page.getByText('Uploaded · 1 KB').waitFor()
    expect(await error.count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Remove scalp.png' }).isVisible()).toBe(true)
    await page.screenshot({ path: `${SCREENSHOTS}/file-question-375.png`, fullPage: true })

    await page.getByRole('button', { name: 'Continue', exact: true }).click()
    await page.getByRole('heading', { name: 'Check and confirm' }).waitFor()
    await page.getByRole('button', { name: 'Confirm booking' }).click()
    await page.getByRole('heading', { name: 'You’re booked' }).waitFor()

    const [booking] = await db.select().from(bookings).where(eq(bookings.serviceId, scalpServiceId))
    expect(booking!.answers).toEqual([{ requirementId: photoQuestionId, label: 'A photo of your scalp', kind: 'file', value: expect.any(String) }])
    const [asset] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, booking!.answers[0]!.value as string))
    expect(asset).toMatchObject({ projectId, private: true, createdBy: null, filename: 'Booking upload - scalp.png', sizeBytes: PNG.byteLength })
    await context.close()
  })

  describe('the embed script on another website', () => {
    let server: Server
    let hostPage: string

    beforeAll(async () => {
      const html = (await readFile(new URL('./fixtures/embed-host.html', import.meta.url), 'utf8')).replaceAll('%SITE%', site).replaceAll('%SLUG%', SLUG)
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        response.end(html)
      })
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      hostPage = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    })
    afterAll(async () => {
      await new Promise(resolve => server?.close(resolve))
    })

    it('is small, cacheable JavaScript', async () => {
      const script = await httpGet(sitePort, '/embed.js', host)
      expect(script.status).toBe(200)
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(script.headers['cache-control']).toBe('public, max-age=300')
      expect(gzipSync(script.body, { level: 9 }).length).toBeLessThan(2048)
    })

    it('inline: frames the booking flow right after the tag and sizes the frame to it', async () => {
      const { context, page } = await newBooker('203.0.113.105')
      await page.goto(hostPage)
      const frame = page.locator('#inline iframe')
      expect(await frame.getAttribute('src')).toBe(`${site}/book?embed=1`)
      expect(await page.locator('#inline script + iframe').count()).toBe(1)
      const flow = page.frameLocator('#inline iframe')
      await flow.getByRole('heading', { name: 'Choose a service' }).waitFor()
      // No site header or footer inside the frame.
      expect(await flow.locator('.fb-header, .fb-footer').count()).toBe(0)
      // The frame's height follows the flow's (the script starts it at 560 px).
      await expect.poll(() => frame.evaluate(element => (element as HTMLIFrameElement).style.height)).toMatch(/^\d+px$/)
      await flow.getByRole('button', { name: /Haircut/ }).click()
      await flow.getByRole('heading', { name: 'Add extras' }).waitFor()
      await page.screenshot({ path: `${SCREENSHOTS}/embed-inline.png`, fullPage: true })
      await context.close()
    })

    it('button: opens the flow in a modal that Esc closes, returning focus to the button', async () => {
      const { context, page } = await newBooker('203.0.113.106')
      await page.goto(hostPage)
      const button = page.getByRole('button', { name: 'Book a visit' })
      await button.click()
      const dialog = page.getByRole('dialog', { name: 'Book a visit' })
      await dialog.waitFor()
      await page.frameLocator('dialog iframe').getByRole('heading', { name: 'Choose a service' }).waitFor()
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Book a visit')
      await context.close()
    })
  })
})
