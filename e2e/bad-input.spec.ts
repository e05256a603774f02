import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  adminCreateBookingSchema, createApiKey, createBlockedDate, createBooking, createCoupon, createExtra, createManageToken, createRequirement, createResource, createService,
  upsertDateOverride,
} from '@flectar/bookings'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { analyticsEvents, pages, projects } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpRequest } from './support/apps'
import { adminQueries, adminSamples, siteQueries, siteSamples, type FuzzIds, type QueryFuzz } from './support/fuzz-samples'
import { fillRoute, HOSTILE_DATE_RANGES, HOSTILE_INSTANT_RANGES, HOSTILE_PATH_VALUES, HOSTILE_QUERY_VALUES, mutations, paramsOf, toJson, withShortStrings } from './support/hostile-input'
import { discoverAdminRoutes, discoverSiteRoutes, routesReadingQueries } from './support/routes'

// Whatever a user or a script sends, either app answers 4xx, never 5xx: garbage ids and
// bodies on every admin route, then hostile values (NUL, CR/LF, lone surrogates, years 0001 to
// 99999, huge numbers, long unicode; see support/hostile-input.ts) in every query parameter,
// path parameter and body field of both apps, on a real project of the fuzz owner.
const BODIES: unknown[] = [undefined, null, [], 'text', 42, {}, { email: ['a'], password: { $ne: '' } }, { role: 'superuser', name: 'x'.repeat(5000) }, { token: '../../etc/passwd', code: '12345678901234567890' }]
const IDS = ['00000000-0000-0000-0000-000000000000', 'not-a-uuid', '%2e%2e', 'x'.repeat(300), '1;drop table users', '%00']
const NIL = '00000000-0000-0000-0000-000000000000'
const SLUG = 'fuzz-site'
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
/** Signed-in rounds leave these out: they would end the session or the membership the rounds use. */
const KEEP_SESSION = new Set(['POST /api/auth/sign-out', 'POST /api/orgs/[orgId]/leave'])
/** For routes without a sample body (multipart uploads, a raw image, no body at all). */
const GENERIC_BODIES: unknown[] = [undefined, {}, [], 'text', { name: '\u0000', file: '\u0000' }]
/** Site pages rendered on the server, with hostile paths. */
const SITE_PAGES = ['/', '/%00', '/a%00b', '/%0D%0A', `/${encodeURIComponent('\u{1F600}'.repeat(100))}`, '/9999-12-31', '/es/%00', '/?sent=1&error=%00', '/book', '/book?service=%00', '/book/manage/%00', '/_preview/%00']

interface FuzzRequest { method: string, path: string, body?: string, headers: Record<string, string> }

let client = 0
/** Each request from its own client address (TRUST_PROXY is on), so rate limits rarely stop a value before its check. */
const clientIp = () => `198.51.${Math.floor(++client / 250) % 250}.${client % 250}`

/** Sends the requests four at a time; an answer of 500 or more, or none at all, is a failure line. */
async function sendAll(port: number, requests: Iterable<FuzzRequest>, failures: string[]): Promise<number> {
  const queue = requests[Symbol.iterator]()
  let sent = 0
  const worker = async () => {
    for (let next = queue.next(); !next.done; next = queue.next()) {
      const request = next.value
      sent++
      const result = await httpRequest(port, request.method, request.path, request.headers, request.body)
        .catch((error: Error) => ({ status: 0, body: `no answer: ${error.message}` }))
      if (result.status >= 500 || result.status === 0) {
        failures.push(`${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.body?.slice(0, 120) ?? '')} -> ${result.status} ${result.body.slice(0, 200)}`)
      }
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
  return sent
}

function adminRequest(method: string, path: string, body: unknown, cookie?: string): FuzzRequest {
  const json = body === undefined ? undefined : toJson(body)
  return {
    method, path, body: json,
    headers: { 'origin': `http://localhost:${inject('adminPort')}`, 'x-forwarded-for': clientIp(), ...(json ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
  }
}

function siteRequest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): FuzzRequest {
  const host = `${SLUG}.localhost:${inject('sitePort')}`
  const text = body === undefined ? undefined : toJson(body)
  return {
    method, path, body: text,
    headers: { 'host': host, 'origin': `http://${host}`, 'user-agent': CHROME, 'x-forwarded-for': clientIp(), ...(text ? { 'content-type': 'application/json' } : {}), ...headers },
  }
}

/** A tracker beacon as the browser sends it: text/plain, under the 4 KB the route takes. */
function beaconRequest(beacon: unknown): FuzzRequest {
  const request = siteRequest('POST', '/api/event', withShortStrings(beacon, 1000))
  return { ...request, headers: { ...request.headers, 'content-type': 'text/plain' } }
}

/** The valid query, then each parameter hostile in turn (and repeated), then hostile ranges. */
function* queryVariants(fuzz: QueryFuzz): Generator<string> {
  const base = Object.fromEntries(Object.entries(fuzz.base ?? {}).map(([name, value]) => [name, encodeURIComponent(value)]))
  const query = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => `${name}=${value}`).join('&')
  yield query(base)
  for (const param of fuzz.params) {
    for (const value of HOSTILE_QUERY_VALUES) yield query({ ...base, [param]: `${fuzz.prefix?.[param] ?? ''}${value}` })
    yield `${query({ ...base, [param]: 'a' })}&${param}=b`
  }
  for (const [from, to] of fuzz.ranges === 'days' ? HOSTILE_DATE_RANGES : fuzz.ranges === 'instants' ? HOSTILE_INSTANT_RANGES : []) yield query({ ...base, from, to })
}

/**
 * Every route once with real ids: its valid body and each one-field mutation of it (or its
 * query variants), then with each path parameter hostile in turn. A DELETE only goes out with
 * a hostile parameter, so the fixtures the other requests need stay.
 */
function* routeRounds(routes: string[], options: {
  real: (param: string) => string
  samples: Record<string, unknown>
  queries: Record<string, QueryFuzz>
  request: (route: string, method: string, path: string, body?: unknown) => FuzzRequest
}): Generator<FuzzRequest> {
  for (const route of routes) {
    if (KEEP_SESSION.has(route)) continue
    const [method, template] = route.split(' ') as [string, string]
    const path = fillRoute(template, options.real)
    const sample = options.samples[route]
    if (method === 'GET') {
      const fuzz = options.queries[route]
      if (fuzz) for (const query of queryVariants(fuzz)) yield options.request(route, method, `${path}?${query}`)
      else yield options.request(route, method, path)
    }
    else if (method !== 'DELETE') {
      for (const body of sample === undefined ? GENERIC_BODIES : [sample, ...mutations(sample)]) yield options.request(route, method, path, body)
    }
    for (const param of paramsOf(template)) {
      for (const value of HOSTILE_PATH_VALUES) yield options.request(route, method, fillRoute(template, name => (name === param ? value : options.real(name))), sample)
    }
  }
}

describe('bad input never produces a 500', () => {
  const database = openE2eDatabase()
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  let cookie: string
  let ids: FuzzIds
  let realIds: Record<string, string>
  let manageToken: string
  let apiKey: string

  beforeAll(async () => {
    const owner = await database.createOwner('fuzz@example.com', 'Fuzz Org')
    cookie = owner.cookie
    const created = await createProject(database.db, owner.orgId, { name: 'Fuzz Site', slug: SLUG, timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    await database.db.update(projects).set({ modules: ['bookings', 'analytics'] }).where(eq(projects.id, created.id))
    const scope = { orgId: owner.orgId, projectId: created.id }
    const resource = await createResource(database.db, scope, { name: 'Fuzz chair', kind: 'staff', timeZone: 'UTC', weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '09:00', end: '17:00' })), active: true }, SYSTEM_ACTOR)
    const service = await createService(database.db, scope, {
      name: 'Fuzz cut', description: '', durationMinutes: 30, priceAmount: 2000, currency: 'EUR', capacity: 1, bufferBeforeMinutes: 0, bufferAfterMinutes: 0,
      minNoticeMinutes: 60, maxAdvanceDays: 60, dailyLimit: null, slotIntervalMinutes: 15, requiresConfirmation: false, depositKind: 'none', depositValue: 0,
      cancellationWindowHours: 0, reminderMinutes: [1440], active: true, resourceIds: [resource.id],
    }, SYSTEM_ACTOR)
    const extra = await createExtra(database.db, scope, { name: 'Fuzz wash', priceAmount: 500, durationMinutes: 10, serviceIds: [service.id], active: true }, SYSTEM_ACTOR)
    const requirement = await createRequirement(database.db, scope, { label: 'Anything else?', kind: 'text', options: [], required: false, serviceIds: [], position: 0 }, SYSTEM_ACTOR)
    const coupon = await createCoupon(database.db, scope, { code: 'FUZZ10', kind: 'percent', amount: 10, validFrom: null, validUntil: null, maxUses: null, serviceIds: [], onePerCustomer: false, active: true }, SYSTEM_ACTOR)
    const blocked = await createBlockedDate(database.db, scope, { fromDate: day(30), toDate: day(31), resourceId: null, reason: 'Fuzz holiday' }, SYSTEM_ACTOR)
    const override = await upsertDateOverride(database.db, scope, resource.id, day(20), { intervals: [{ start: '10:00', end: '12:00' }] }, SYSTEM_ACTOR)
    apiKey = (await createApiKey(database.db, scope, { name: 'Fuzz key', scopes: ['bookings:read'] }, { ...SYSTEM_ACTOR, userId: owner.userId })).key
    const appEnv = inject('appEnv')
    const env = { siteOrigin: `http://${SLUG}.localhost:${inject('sitePort')}`, secret: appEnv.SESSION_SECRET!, adminUrl: appEnv.ADMIN_URL! }
    const request = adminCreateBookingSchema.parse({ serviceId: service.id, start: `${day(1)}T10:00:00Z`, customer: { name: 'Fuzz Customer', email: 'fuzz-customer@example.com' } })
    const { booking } = await createBooking(database.db, created, request, env, { source: 'admin', actor: SYSTEM_ACTOR })
    manageToken = createManageToken(appEnv.SESSION_SECRET!, booking.id)
    const [home] = await database.db.select({ id: pages.id }).from(pages).where(and(eq(pages.projectId, created.id), eq(pages.path, '/')))
    ids = { orgId: owner.orgId, projectId: created.id, pageId: home!.id, serviceId: service.id, resourceId: resource.id, extraId: extra.id, requirementId: requirement.id, bookingId: booking.id, day }
    realIds = {
      orgId: owner.orgId, projectId: created.id, pageId: home!.id, serviceId: service.id, resourceId: resource.id, extraId: extra.id, requirementId: requirement.id,
      couponId: coupon.id, blockedDateId: blocked.id, date: override.date, bookingId: booking.id, customerId: booking.customerId!, channel: 'sms',
    }
  })
  afterAll(() => database.close())

  it('answers every admin route, signed in or not, with garbage ids and bodies, below 500', async () => {
    const failures: string[] = []
    function* rounds(): Generator<FuzzRequest> {
      for (const route of discoverAdminRoutes()) {
        const [method, template] = route.split(' ') as [string, string]
        for (const id of IDS) {
          const url = fillRoute(template, () => encodeURIComponent(id))
          for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : BODIES) {
            // Signing out would end the session the other routes are tried with.
            for (const session of route === 'POST /api/auth/sign-out' ? [undefined] : [undefined, cookie]) yield adminRequest(method, url, body, session)
          }
        }
      }
    }
    const requests = await sendAll(inject('adminPort'), rounds(), failures)
    expect(failures).toEqual([])
    expect(requests).toBeGreaterThan(300)
    // The session survived the run, so the signed-in half really was signed in.
    expect((await adminApi('GET', '/api/auth/me', { cookie })).status).toBe(200)
  }, 240_000)

  it('has a sample for existing routes only, and fuzzes the query of every route that reads one', () => {
    const admin = discoverAdminRoutes()
    const site = discoverSiteRoutes()
    expect(Object.keys(adminSamples(ids)).filter(route => !admin.includes(route))).toEqual([])
    expect(Object.keys(siteSamples(ids)).filter(route => !site.includes(route))).toEqual([])
    expect(routesReadingQueries('admin').filter(route => !(route in adminQueries(ids)))).toEqual([])
    expect(routesReadingQueries('site').filter(route => !(route in siteQueries(ids)))).toEqual([])
  })

  it('answers every admin route of a real project with hostile query strings, path parameters and body fields, below 500', async () => {
    const failures: string[] = []
    const requests = await sendAll(inject('adminPort'), routeRounds(discoverAdminRoutes(), {
      real: param => realIds[param] ?? NIL,
      samples: adminSamples(ids),
      queries: adminQueries(ids),
      request: (_, method, path, body) => adminRequest(method, path, body, cookie),
    }), failures)
    expect(failures).toEqual([])
    expect(requests).toBeGreaterThan(3000)
    expect((await adminApi('GET', '/api/auth/me', { cookie })).status).toBe(200)
  }, 300_000)

  it('keeps storing analytics after beacons PostgreSQL would refuse (issue 11, finding 4)', async () => {
    const path = `/after-poison-${randomUUID().slice(0, 8)}`
    for (const beacon of [{ n: 'pageview', p: '/?utm_source=%00' }, { n: 'signup', p: '/', d: { plan: '\u0000' } }, { n: 'pageview', p: '/\u0000' }, { n: 'pageview', p: path }]) {
      const request = beaconRequest(beacon)
      expect((await httpRequest(inject('sitePort'), request.method, request.path, request.headers, request.body)).status).toBeLessThan(500)
    }
    // The site writes its buffer every second.
    await expect.poll(async () => (await database.db.select({ id: analyticsEvents.id }).from(analyticsEvents)
      .where(and(eq(analyticsEvents.projectId, ids.projectId), eq(analyticsEvents.path, path)))).length, { timeout: 15_000, interval: 500 }).toBe(1)
  }, 30_000)

  it('answers every site route and page with hostile query strings, path parameters and bodies, below 500', async () => {
    const failures: string[] = []
    const real: Record<string, string> = { slug: SLUG, token: manageToken, projectId: ids.projectId, path: 'salon/images/hero.svg', assetId: NIL, name: 'file.pdf', variant: '960' }
    const rounds = routeRounds(discoverSiteRoutes(), {
      real: param => real[param] ?? NIL,
      samples: siteSamples(ids),
      queries: siteQueries(ids),
      request: (route, method, path, body) => route === 'POST /api/event' && body !== undefined
        ? beaconRequest(body)
        : siteRequest(method, path, body, route === 'GET /api/v1/projects/[slug]/bookings' ? { authorization: `Bearer ${apiKey}` } : {}),
    })
    function* withPages(): Generator<FuzzRequest> {
      yield* rounds
      for (const page of [...SITE_PAGES, `/book/manage/${manageToken}`]) yield siteRequest('GET', page)
    }
    const requests = await sendAll(inject('sitePort'), withPages(), failures)
    expect(failures).toEqual([])
    expect(requests).toBeGreaterThan(600)
  }, 300_000)
})
