import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { findFreePort } from '@flectar/db/embedded'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpGet, startBuiltApp, waitUntilHealthy, type HttpResult, type RunningApp } from './support/apps'

const sitePort = inject('sitePort')
const SLUG = 'stored-bytes-salon'

/**
 * Two site instances over one database, as in production: the suite's own, and a second one with
 * no memory cache (`SITE_PAGE_MEMORY_ENTRIES=0`), which can only answer from the bytes the first
 * one stored, or render.
 */
describe('published pages are served as stored bytes, from memory or PostgreSQL, and never stale', () => {
  const database = openE2eDatabase()
  let cold: RunningApp
  let cookie: string
  let base: string
  let pageId: string
  const host = { host: `${SLUG}.localhost:${sitePort}` }
  const source = (response: HttpResult) => response.headers['x-flectar-cache']

  async function publishTitle(title: string) {
    const page = JSON.parse((await adminApi('GET', `${base}/pages/${pageId}`, { cookie })).body) as { draftVersion: number }
    const saved = await adminApi('PUT', `${base}/pages/${pageId}/draft`, { cookie, body: { version: page.draftVersion, content: { title, blocks: [] } } })
    expect(saved.status, saved.body).toBe(200)
    const published = await adminApi('POST', `${base}/pages/${pageId}/publish`, { cookie })
    expect(published.status, published.body).toBe(200)
  }

  /** GETs `path` on `port` until `accept` holds (a write or a NOTIFY in flight), or fails with the last answer. */
  async function getUntil(port: number, path: string, accept: (response: HttpResult) => boolean): Promise<HttpResult> {
    let response = await httpGet(port, path, host)
    for (let tries = 0; !accept(response) && tries < 50; tries++) {
      await new Promise(resolve => setTimeout(resolve, 100))
      response = await httpGet(port, path, host)
    }
    return response
  }

  beforeAll(async () => {
    const owner = await database.createOwner('owner@stored-bytes.example', 'Stored Bytes')
    cookie = owner.cookie
    const created = await adminApi('POST', `/api/orgs/${owner.orgId}/projects`, {
      cookie,
      body: { name: 'Stored Bytes Salon', slug: SLUG, templateKey: 'salon', address: '1 Main Street\n28001 Madrid', phone: '+34 910 000 002', email: 'hello@stored-bytes.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en' },
    })
    expect(created.status, created.body).toBe(201)
    base = `/api/orgs/${owner.orgId}/projects/${(JSON.parse(created.body) as { id: string }).id}`
    expect((await adminApi('POST', `${base}/publish`, { cookie })).status).toBe(200)
    const page = await adminApi('POST', `${base}/pages`, { cookie, body: { path: '/offers', title: 'Offers' } })
    expect(page.status, page.body).toBe(201)
    pageId = (JSON.parse(page.body) as { id: string }).id
    await publishTitle('Autumn offers')

    cold = startBuiltApp('site', await findFreePort(), { ...inject('appEnv'), SITE_PAGE_MEMORY_ENTRIES: '0' })
    await waitUntilHealthy(cold)
  })
  afterAll(async () => {
    await cold?.stop()
    await database.close()
  })

  it('renders once, then answers from memory, with tracking parameters too; another instance answers with the stored bytes', async () => {
    const rendered = await httpGet(sitePort, '/offers', host)
    expect(rendered.status).toBe(200)
    expect(source(rendered)).toBe('render')
    expect(rendered.body).toContain('<h1')
    expect(rendered.body).toContain('Autumn offers')

    const again = await httpGet(sitePort, '/offers', host)
    expect(source(again)).toBe('memory')
    expect(again.body).toBe(rendered.body)
    const tracked = await httpGet(sitePort, '/offers?utm_source=newsletter&utm_medium=email&gclid=abc123&fbclid=xyz&ref=unknown', host)
    expect(source(tracked)).toBe('memory')
    expect(tracked.body).toBe(rendered.body)

    // The write-through is not awaited by the visitor, so the cold instance may render once first.
    const stored = await getUntil(cold.port, '/offers', response => source(response) === 'stored')
    expect(source(stored)).toBe('stored')
    expect(stored.body).toBe(rendered.body)
    expect(stored.headers.etag).toBe(again.headers.etag)
    const revalidated = await httpGet(cold.port, '/offers', { ...host, 'if-none-match': String(stored.headers.etag) })
    expect(revalidated.status).toBe(304)
  })

  it('a contact-form result is rendered for that request, never taken from or kept as the page', async () => {
    const sent = await httpGet(sitePort, '/offers?sent=1', host)
    expect(sent.status).toBe(200)
    expect(source(sent)).toBe('render')
    expect(source(await httpGet(sitePort, '/offers?sent=1', host))).toBe('render')
  })

  it('publishing again shows the new version on every instance at once, and stores it afresh', async () => {
    await getUntil(cold.port, '/offers', response => source(response) === 'stored')
    await publishTitle('Winter offers')

    // The stored bytes went in the publishing transaction: the very first answer is the new page.
    const first = await httpGet(cold.port, '/offers', host)
    expect(first.body).toContain('Winter offers')
    expect(first.body).not.toContain('Autumn offers')
    // The warm instance drops its memory on the NOTIFY that commit sent.
    const warm = await getUntil(sitePort, '/offers', response => response.body.includes('Winter offers'))
    expect(warm.body).toContain('Winter offers')
    expect(warm.body).not.toContain('Autumn offers')
    const storedAgain = await getUntil(cold.port, '/offers', response => source(response) === 'stored')
    expect(source(storedAgain)).toBe('stored')
    expect(storedAgain.body).toContain('Winter offers')
  })

  it('a page that does not exist is a 404 every time and is never stored', async () => {
    for (const port of [sitePort, cold.port, cold.port]) {
      const missing = await httpGet(port, '/no-such-offer', host)
      expect(missing.status).toBe(404)
      expect(source(missing)).not.toBe('stored')
      expect(source(missing)).not.toBe('memory')
    }
  })

  it('a redirect made from a stored page\'s path wins on every instance at once', async () => {
    await getUntil(cold.port, '/offers', response => source(response) === 'stored')
    expect(source(await httpGet(sitePort, '/offers', host))).toBe('memory')
    const made = await adminApi('POST', `${base}/redirects`, { cookie, body: { fromPath: '/offers', toPath: '/', statusCode: 301 } })
    expect(made.status, made.body).toBe(201)

    // The instance with no memory sees it on its very next request: the stored bytes are not served.
    const cold301 = await httpGet(cold.port, '/offers', host)
    expect(cold301.status).toBe(301)
    expect(cold301.headers.location).toBe('/')
    // The warm one drops its memory on the NOTIFY, and stores nothing for the path afterwards.
    const warm = await getUntil(sitePort, '/offers', response => response.status === 301)
    expect(warm.status).toBe(301)
    expect(warm.headers.location).toBe('/')
    expect((await httpGet(cold.port, '/offers', host)).status).toBe(301)
  })
})
