import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpGet, type HttpResult } from './support/apps'

const sitePort = inject('sitePort')
const SLUG = 'book-buttons-salon'
const host = { host: `${SLUG}.localhost:${sitePort}` }
const BOOK_LINK = /href="\/book(?:[?#/][^"]*)?"/

/** Every published page of the site, as visitors get them. */
async function publicPages(cookie: string, base: string): Promise<Array<{ path: string, response: HttpResult }>> {
  const listed = JSON.parse((await adminApi('GET', `${base}/pages`, { cookie })).body) as { data: Array<{ path: string, locale: string }> }
  return await Promise.all(listed.data.filter(page => page.locale === 'en').map(async page => ({ path: page.path, response: await httpGet(sitePort, page.path, host) })))
}

/** Polls until every page agrees with `bookable` (the site purges its memory on the NOTIFY of the change). */
async function expectBookLinks(cookie: string, base: string, bookable: boolean) {
  let pages = await publicPages(cookie, base)
  for (let tries = 0; tries < 50 && pages.some(page => BOOK_LINK.test(page.response.body) !== bookable && page.path === '/'); tries++) {
    await new Promise(resolve => setTimeout(resolve, 100))
    pages = await publicPages(cookie, base)
  }
  for (const { path, response } of pages) {
    expect(response.status, path).toBe(200)
    if (!bookable) expect(response.body, `${path} links to /book`).not.toMatch(BOOK_LINK)
  }
  if (bookable) expect(pages.find(page => page.path === '/')!.response.body).toMatch(BOOK_LINK)
}

describe('"Book" buttons lead to a booking page with something to book, or are not shown', () => {
  const database = openE2eDatabase()
  let cookie: string
  let base: string
  let serviceIds: string[]
  beforeAll(async () => {
    const owner = await database.createOwner('owner@book-buttons.example', 'Book Buttons')
    cookie = owner.cookie
    const created = await adminApi('POST', `/api/orgs/${owner.orgId}/projects`, {
      cookie,
      body: { name: 'Book Buttons Salon', slug: SLUG, templateKey: 'salon', address: '1 Main Street\n28001 Madrid', phone: '+34 910 000 003', email: 'hello@book-buttons.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en' },
    })
    expect(created.status, created.body).toBe(201)
    base = `/api/orgs/${owner.orgId}/projects/${(JSON.parse(created.body) as { id: string }).id}`
    expect((await adminApi('POST', `${base}/publish`, { cookie })).status).toBe(200)
    const services = JSON.parse((await adminApi('GET', `${base}/bookings/services`, { cookie })).body) as { data: Array<{ id: string }> }
    serviceIds = services.data.map(service => service.id)
    expect(serviceIds.length).toBeGreaterThan(0)
  })
  afterAll(() => database.close())

  it('a new salon site, bookable at once, shows its "Book" buttons', async () => {
    await expectBookLinks(cookie, base, true)
    const book = await httpGet(sitePort, '/book', host)
    expect(book.status).toBe(200)
    expect(book.body).not.toContain('nothing to book')
  })

  it('with every service switched off, no page links to /book; switched on again, they are back', async () => {
    for (const id of serviceIds) expect((await adminApi('PATCH', `${base}/bookings/services/${id}`, { cookie, body: { active: false } })).status).toBe(200)
    await expectBookLinks(cookie, base, false)
    expect((await adminApi('PATCH', `${base}/bookings/services/${serviceIds[0]}`, { cookie, body: { active: true } })).status).toBe(200)
    await expectBookLinks(cookie, base, true)
  })
})
