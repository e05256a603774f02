import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi, openE2eDatabase } from './support/accounts'
import { discoverAdminRoutes } from './support/routes'

// Whatever a user or a script sends, the API answers 4xx, never 5xx.
const BODIES: unknown[] = [undefined, null, [], 'text', 42, {}, { email: ['a'], password: { $ne: '' } }, { role: 'superuser', name: 'x'.repeat(5000) }, { token: '../../etc/passwd', code: '12345678901234567890' }]
const IDS = ['00000000-0000-0000-0000-000000000000', 'not-a-uuid', '%2e%2e', 'x'.repeat(300), '1;drop table users']

describe('bad input never produces a 500', () => {
  const database = openE2eDatabase()
  let cookie: string

  beforeAll(async () => {
    cookie = (await database.createOwner('fuzz@example.com', 'Fuzz Org')).cookie
  })
  afterAll(() => database.close())

  it('answers every admin route, signed in or not, with garbage ids and bodies, below 500', async () => {
    const failures: string[] = []
    let requests = 0
    for (const route of discoverAdminRoutes()) {
      const [method, template] = route.split(' ') as [string, string]
      for (const id of IDS) {
        const url = template.replace(/\[\w+\]/g, encodeURIComponent(id))
        for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : BODIES) {
          // Signing out would end the session the other routes are tried with.
          for (const session of route === 'POST /api/auth/sign-out' ? [undefined] : [undefined, cookie]) {
            requests++
            const response = await adminApi(method, url, { cookie: session, body, headers: { 'x-forwarded-for': `192.0.2.${requests % 250}` } })
            if (response.status >= 500) failures.push(`${method} ${url} ${JSON.stringify(body)} -> ${response.status} ${response.body.slice(0, 200)}`)
          }
        }
      }
    }
    expect(failures).toEqual([])
    expect(requests).toBeGreaterThan(300)
    // The session survived the run, so the signed-in half really was signed in.
    expect((await adminApi('GET', '/api/auth/me', { cookie })).status).toBe(200)
  }, 120_000)
})
