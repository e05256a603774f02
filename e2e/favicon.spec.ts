import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpGet } from './support/apps'

const sitePort = inject('sitePort')
const SLUG = 'favicon-salon'
const host = { host: `${SLUG}.localhost:${sitePort}` }

// Browsers fetch /favicon.ico by themselves on every site; it must never cost a page render.
describe('/favicon.ico', () => {
  const database = openE2eDatabase()
  let cookie: string
  let base: string
  beforeAll(async () => {
    const owner = await database.createOwner('owner@favicon.example', 'Favicon')
    cookie = owner.cookie
    const created = await adminApi('POST', `/api/orgs/${owner.orgId}/projects`, {
      cookie,
      body: { name: 'Favicon Salon', slug: SLUG, templateKey: 'salon', address: '1 Main Street\n28001 Madrid', phone: '+34 910 000 004', email: 'hello@favicon.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en' },
    })
    expect(created.status, created.body).toBe(201)
    base = `/api/orgs/${owner.orgId}/projects/${(JSON.parse(created.body) as { id: string }).id}`
    expect((await adminApi('POST', `${base}/publish`, { cookie })).status).toBe(200)
  })
  afterAll(() => database.close())

  it('is an empty 404 while the site has no favicon, and redirects to the favicon once the theme sets one', async () => {
    const none = await httpGet(sitePort, '/favicon.ico', host)
    expect(none.status).toBe(404)
    expect(none.body).toBe('')
    expect(none.headers['x-flectar-cache']).toBeUndefined()

    const project = JSON.parse((await adminApi('GET', base, { cookie })).body) as { theme: unknown }
    const saved = await adminApi('PUT', `${base}/theme`, { cookie, body: { theme: project.theme, favicon: { url: '/media/icon.png' } } })
    expect(saved.status, saved.body).toBe(200)
    let icon = await httpGet(sitePort, '/favicon.ico', host)
    for (let tries = 0; icon.status !== 302 && tries < 50; tries++) {
      await new Promise(resolve => setTimeout(resolve, 100))
      icon = await httpGet(sitePort, '/favicon.ico', host)
    }
    expect(icon.status).toBe(302)
    expect(icon.headers.location).toBe('/media/icon.png')
    const home = await httpGet(sitePort, '/', host)
    expect(home.body).toContain('<link rel="icon" href="/media/icon.png">')
  })
})
