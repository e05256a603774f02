import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { apiKeys, bookingCoupons, bookingResources, bookingServiceResources, bookingServices } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { openE2eDatabase } from './support/accounts'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`

describe('an owner configures what can be booked', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let cookie: string
  let projectId: string

  beforeAll(async () => {
    browser = await launchBrowser()
    const owner = await database.createOwner('configure@example.com', 'Configure Co')
    cookie = owner.cookie
    projectId = (await createProject(database.db, owner.orgId, { name: 'Calm Studio', slug: 'calm-studio', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)).id
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('adds a resource with working hours, a service, a coupon and an API key shown once', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.61' } })
    const [name, value] = cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings`)
    await page.getByText('Bookings is off for this site').waitFor()
    await page.getByRole('navigation', { name: 'Bookings' }).getByRole('link', { name: 'Services' }).click()
    await page.getByText('No services yet').waitFor()

    // A resource working Monday 09:00–13:00 and 15:00–19:00, Tuesday–Friday 09:00–17:00.
    await page.getByRole('navigation', { name: 'Bookings' }).getByRole('link', { name: 'Resources' }).click()
    await page.getByRole('button', { name: 'New resource' }).click()
    const resourceForm = page.getByRole('dialog')
    await resourceForm.getByLabel('Name').fill('Ana')
    await resourceForm.getByLabel('Monday interval 1 until').fill('13:00')
    await resourceForm.getByRole('button', { name: 'Add an interval on Monday' }).click()
    // An overlapping interval is refused with the message under the field.
    await resourceForm.getByLabel('Monday interval 2 from').fill('12:00')
    await resourceForm.getByLabel('Monday interval 2 until').fill('19:00')
    await resourceForm.getByRole('button', { name: 'Create resource' }).click()
    await resourceForm.getByText('Overlaps 09:00–13:00 on Monday').waitFor()
    await resourceForm.getByLabel('Monday interval 2 from').fill('15:00')
    await resourceForm.getByRole('button', { name: 'Create resource' }).click()
    await page.getByText('Resource created', { exact: true }).waitFor()
    await page.getByRole('list', { name: 'Resources' }).getByText('Mon 09:00–13:00, 15:00–19:00 · Tue–Fri 09:00–17:00').waitFor()

    // A 45-minute service at 25.50 delivered by Ana.
    await page.getByRole('navigation', { name: 'Bookings' }).getByRole('link', { name: 'Services' }).click()
    await page.getByRole('button', { name: 'New service' }).click()
    const serviceForm = page.getByRole('dialog')
    await serviceForm.getByLabel('Name').fill('Haircut')
    await serviceForm.getByLabel('Duration (minutes)').fill('45')
    await serviceForm.getByLabel('Price', { exact: true }).fill('25.50')
    await serviceForm.getByLabel('Who or what delivers it').click()
    await page.getByRole('option', { name: 'Ana' }).click()
    await page.keyboard.press('Escape')
    await serviceForm.getByRole('button', { name: 'Create service' }).click()
    await page.getByText('Service created', { exact: true }).waitFor()
    const services = page.getByRole('list', { name: 'Services' })
    await services.getByText('Haircut').waitFor()
    await services.getByText(/45 min · €25\.50/).waitFor()

    // A coupon, typed in lower case.
    await page.getByRole('navigation', { name: 'Bookings' }).getByRole('link', { name: 'Coupons' }).click()
    await page.getByRole('button', { name: 'New coupon' }).click()
    await page.getByRole('dialog').getByLabel('Code').fill('welcome10')
    await page.getByRole('dialog').getByRole('button', { name: 'Create coupon' }).click()
    await page.getByText('Coupon WELCOME10 created', { exact: true }).waitFor()
    await page.getByRole('list', { name: 'Coupons' }).getByText('10% off').waitFor()

    // An API key: shown once, then only its prefix.
    await page.getByRole('navigation', { name: 'Bookings' }).getByRole('link', { name: 'API keys' }).click()
    await page.getByRole('button', { name: 'New API key' }).click()
    await page.getByRole('dialog').getByLabel('Name').fill('Website backend')
    await page.getByRole('dialog').getByRole('button', { name: 'Create key' }).click()
    await page.getByText('Copy it now: it will not be shown again.').waitFor()
    const key = (await page.getByTestId('new-api-key').textContent())!.trim()
    expect(key).toMatch(/^flk_[\w-]{43}$/)
    await page.getByRole('button', { name: 'I have copied it' }).click()
    await page.getByTestId('new-api-key').waitFor({ state: 'detached' })
    await page.getByTestId('api-key-prefix').filter({ hasText: `${key.slice(0, 12)}…` }).waitFor()
    expect(await page.content()).not.toContain(key)
    await openPage(page, `${admin}/projects/${projectId}?tab=bookings&section=api-keys`)
    await page.getByTestId('api-key-prefix').waitFor()
    expect(await page.content()).not.toContain(key.slice(12))

    // Everything is in the database, the key only as its hash.
    const [resource] = await database.db.select().from(bookingResources).where(eq(bookingResources.projectId, projectId))
    expect(resource).toMatchObject({ name: 'Ana', kind: 'staff', timeZone: 'Europe/Madrid', active: true })
    expect(resource!.weeklyHours.filter(hour => hour.weekday === 1)).toEqual([{ weekday: 1, start: '09:00', end: '13:00' }, { weekday: 1, start: '15:00', end: '19:00' }])
    expect(resource!.weeklyHours).toHaveLength(6)
    const [service] = await database.db.select().from(bookingServices).where(eq(bookingServices.projectId, projectId))
    expect(service).toMatchObject({ name: 'Haircut', durationMinutes: 45, priceAmount: 2550, currency: 'EUR' })
    const links = await database.db.select().from(bookingServiceResources).where(eq(bookingServiceResources.serviceId, service!.id))
    expect(links.map(link => link.resourceId)).toEqual([resource!.id])
    const [coupon] = await database.db.select().from(bookingCoupons).where(eq(bookingCoupons.projectId, projectId))
    expect(coupon).toMatchObject({ code: 'WELCOME10', kind: 'percent', amount: 10, usedCount: 0 })
    const [storedKey] = await database.db.select().from(apiKeys).where(eq(apiKeys.projectId, projectId))
    expect(storedKey).toMatchObject({ name: 'Website backend', prefix: key.slice(0, 12), keyHash: createHash('sha256').update(key).digest('hex'), revokedAt: null })
    await context.close()
  })
})
