import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookingServiceResources, bookingServices, projects } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { createProject } from '@flectar/sites'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpRequest, startBuiltApp, type RunningApp } from './support/apps'

const sitePort = inject('sitePort')
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** The one error shape of both apps, with the same id in the header and the body. */
function expectError(response: { status: number, headers: Record<string, string | string[] | undefined>, body: string }, status: number, code: string) {
  expect(response.status, response.body).toBe(status)
  const body = JSON.parse(response.body) as Json
  expect(Object.keys(body)).toEqual(['error'])
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) })
  expect(body.error.message.length).toBeGreaterThan(0)
  expect(response.headers['x-request-id']).toBe(body.error.requestId)
  return body.error as Json
}

describe('both apps answer every error in one shape, with a request id', () => {
  const database = openE2eDatabase()
  let owner: Awaited<ReturnType<typeof database.createOwner>>
  const SLUG = 'error-shapes'
  const site = (method: string, path: string, body?: unknown, ip = '10.77.0.1', headers: Record<string, string> = {}) => httpRequest(sitePort, method, path, {
    'host': `${SLUG}.localhost:${sitePort}`, 'x-forwarded-for': ip, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers,
  }, body === undefined ? undefined : JSON.stringify(body))
  let serviceId: string

  beforeAll(async () => {
    owner = await database.createOwner('errors@example.com', 'Error Shapes')
    const project = await createProject(database.db, owner.orgId, { name: 'Error Shapes', slug: SLUG, timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)
    await database.db.update(projects).set({ modules: ['bookings'] }).where(eq(projects.id, project.id))
    const scope = { orgId: owner.orgId, projectId: project.id }
    const [room] = await database.db.insert(bookingResources).values({ ...scope, name: 'Room', timeZone: 'Europe/Madrid', weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '09:00', end: '18:00' })) }).returning()
    const [service] = await database.db.insert(bookingServices).values({ ...scope, name: 'Visit', durationMinutes: 30, priceAmount: 1000, currency: 'EUR', minNoticeMinutes: 60 }).returning()
    await database.db.insert(bookingServiceResources).values({ serviceId: service!.id, resourceId: room!.id, projectId: project.id })
    serviceId = service!.id
  })
  afterAll(() => database.close())

  it('admin: 404, 409, 422 and 429', async () => {
    const missing = await adminApi('GET', `/api/orgs/${owner.orgId}/projects/00000000-0000-4000-8000-000000000000`, { cookie: owner.cookie })
    expectError(missing, 404, 'not_found')
    expectError(await adminApi('GET', '/api/no-such-route', { cookie: owner.cookie }), 404, 'not_found')

    const taken = await adminApi('POST', `/api/orgs/${owner.orgId}/projects`, { cookie: owner.cookie, body: { name: 'Again', slug: SLUG, templateKey: 'salon', address: 'Calle Mayor 1\n28013 Madrid', phone: '+34 910 000 001', email: 'again@example.com', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en' } })
    expect(expectError(taken, 409, 'slug_taken').fields).toEqual({ slug: 'This address is taken' })

    const invalid = await adminApi('POST', '/api/auth/sign-up', { body: { email: 'nope', password: 'short' }, headers: { 'x-forwarded-for': '10.77.1.1' } })
    expect(expectError(invalid, 422, 'invalid_input').fields).toMatchObject({ email: 'Enter a valid email address' })

    let limited
    for (let attempt = 0; attempt < 11; attempt++) limited = await adminApi('POST', '/api/auth/sign-in', { body: { email: 'errors@example.com', password: `wrong ${attempt}` }, headers: { 'x-forwarded-for': '10.77.1.2' } })
    const tooMany = expectError(limited!, 429, 'rate_limited')
    expect(tooMany.retryAfterSeconds).toBeGreaterThan(0)
    expect(Number(limited!.headers['retry-after'])).toBe(tooMany.retryAfterSeconds)
  })

  it('site: 404, 409, 422 and 429 (the public API\'s documented shapes are this one)', async () => {
    expectError(await site('GET', '/api/v1/projects/no-such-site/services'), 404, 'project_not_found')
    expectError(await site('GET', '/api/_site/page?path=/no-such-page'), 404, 'page_not_found')

    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const slots = JSON.parse((await site('GET', `/api/v1/projects/${SLUG}/availability?serviceId=${serviceId}&from=${from}&to=${from}&timeZone=Europe/Madrid`)).body) as Json
    const start = slots.slots[0].start as string
    const booking = { serviceId, start, timeZone: 'Europe/Madrid', customer: { name: 'Eva Error', email: 'eva@example.com' } }
    const created = await site('POST', `/api/v1/projects/${SLUG}/bookings`, booking, '10.77.2.1')
    expect(created.status, created.body).toBe(201)
    const conflict = expectError(await site('POST', `/api/v1/projects/${SLUG}/bookings`, booking, '10.77.2.2'), 409, 'slot_unavailable')
    expect(Array.isArray(conflict.alternatives)).toBe(true)

    const invalid = expectError(await site('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId }, '10.77.2.3'), 422, 'invalid_input')
    expect(invalid.fields).toHaveProperty('start')

    let limited
    for (let attempt = 0; attempt < 21; attempt++) limited = await site('POST', `/api/v1/projects/${SLUG}/bookings`, {}, '10.77.2.4')
    expectError(limited!, 429, 'rate_limited')
    // Browsers calling the API from another site can read both.
    expect(String(limited!.headers['access-control-expose-headers'])).toContain('x-request-id')
  })

  it('every response carries X-Request-Id, a trusted proxy\'s own id included', async () => {
    const page = await httpRequest(sitePort, 'GET', '/', { host: `demo.localhost:${sitePort}` })
    expect(page.status).toBe(200)
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    // TRUST_PROXY is on in these tests: the proxy's id is kept (a nonsense one is not).
    const traced = await site('GET', '/api/v1/projects/no-such-site/services', undefined, '10.77.3.1', { 'x-request-id': 'edge-7f3a9c21' })
    expect(expectError(traced, 404, 'project_not_found').requestId).toBe('edge-7f3a9c21')
    const forged = await site('GET', '/api/v1/projects/no-such-site/services', undefined, '10.77.3.1', { 'x-request-id': '<script>' })
    expect(expectError(forged, 404, 'project_not_found').requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  describe('the database is down', () => {
    const started: RunningApp[] = []
    afterAll(async () => {
      await Promise.all(started.map(app => app.stop()))
    })

    it.each([
      ['admin', 'POST', '/api/auth/sign-in', { email: 'errors@example.com', password: 'hunter2-secret' }],
      ['site', 'GET', '/api/v1/projects/demo/services', undefined],
    ] as const)('%s: 503 service_unavailable with Retry-After and a request id, logged once under that id, without secrets', async (name, method, path, body) => {
      const closed = await findFreePort()
      const app = startBuiltApp(name, await findFreePort(), { ...inject('appEnv'), DATABASE_URL: `postgres://flectar:db-secret-pw@127.0.0.1:${closed}/flectar` })
      started.push(app)
      // It answers 503 on /api/health: wait until it listens at all.
      for (let tries = 0; tries < 100 && !(await httpRequest(app.port, 'GET', '/api/health').catch(() => undefined)); tries++) await new Promise(resolve => setTimeout(resolve, 100))
      const response = await httpRequest(app.port, method, path, {
        host: name === 'site' ? `demo.localhost:${app.port}` : `127.0.0.1:${app.port}`,
        origin: `http://127.0.0.1:${app.port}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      }, body ? JSON.stringify(body) : undefined)
      const error = expectError(response, 503, 'service_unavailable')
      expect(response.headers['retry-after']).toBe('5')
      expect(response.body).not.toMatch(/ECONNREFUSED|postgres|stack/i)
      await new Promise(resolve => setTimeout(resolve, 200))
      const logged = app.output().split('\n').filter(line => line.includes(error.requestId))
      expect(logged).toHaveLength(1)
      expect(app.output()).not.toContain('db-secret-pw')
      expect(app.output()).not.toContain('hunter2-secret')
    })
  })
})
