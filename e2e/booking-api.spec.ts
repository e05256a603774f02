import { and, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createApiKey } from '@flectar/bookings'
import {
  bookingCoupons, bookingRequirements, bookingResources, bookings, bookingServiceResources, bookingServices, customers, customerSubscriptions, mediaAssets, outboxMessages, projects, subscriptionPlans,
} from '@flectar/db'
import { createProject } from '@flectar/sites'
import { subscriptionToken } from '@flectar/subscriptions'
import { httpRequest } from './support/apps'
import { openE2eDatabase } from './support/accounts'

/**
 * The public booking API v1 on the built site app, called as another program would: exact
 * paths, status codes and JSON shapes, 200 concurrent bookings of one slot, and bad input.
 */
const sitePort = inject('sitePort')
const SLUG = 'api-clinic'
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let ipCounter = 0
/** Each call from its own client address (TRUST_PROXY is on), unless one is given. */
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  const result = await httpRequest(sitePort, method, path, {
    'host': `${SLUG}.localhost:${sitePort}`,
    'x-forwarded-for': `10.9.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}`,
    ...(payload ? { 'content-type': 'application/json' } : {}),
    ...headers,
  }, payload)
  return { status: result.status, headers: result.headers, json: (result.body ? JSON.parse(result.body) : undefined) as Json }
}

/** `POST …/uploads` with a raw multipart body, from its own client address unless one is given. */
async function upload(slug: string, form: { body: Buffer, contentType: string }, headers: Record<string, string> = {}) {
  const result = await httpRequest(sitePort, 'POST', `/api/v1/projects/${slug}/uploads`, {
    'host': `${slug}.localhost:${sitePort}`,
    'x-forwarded-for': `10.8.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}`,
    'content-type': form.contentType,
    ...headers,
  }, form.body)
  return { status: result.status, headers: result.headers, json: (result.body ? JSON.parse(result.body) : undefined) as Json }
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

/** A multipart/form-data body as a browser would send it (serialised by the platform's FormData). */
async function multipart(file?: { name: string, bytes: Uint8Array, type?: string }) {
  const form = new FormData()
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name)
  const response = new Response(form)
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type')! }
}

describe('public booking API v1', () => {
  const database = openE2eDatabase()
  let scope: { orgId: string, projectId: string }
  let service: { id: string }
  let shortService: { id: string }
  let consentId: string
  let fileQuestionId: string
  let userId: string
  const customer = { name: 'Lucía Pérez', email: 'lucia@example.com' }

  beforeAll(async () => {
    const owner = await database.createOwner('owner@api-clinic.example', 'API Clinic')
    userId = owner.userId
    const project = await createProject(database.db, owner.orgId, { name: 'API Clinic', slug: SLUG, timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)
    await database.db.update(projects).set({ timeZone: 'Europe/Madrid', modules: ['bookings'] }).where(eq(projects.id, project.id))
    scope = { orgId: owner.orgId, projectId: project.id }
    const [room] = await database.db.insert(bookingResources).values({
      ...scope, name: 'Room 1', timeZone: 'Europe/Madrid',
      weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '09:00', end: '18:00' })),
    }).returning()
    const created = await database.db.insert(bookingServices).values([
      { ...scope, name: 'Consultation', durationMinutes: 60, priceAmount: 5000, currency: 'EUR', bufferAfterMinutes: 10, slotIntervalMinutes: 30, minNoticeMinutes: 60, position: 0 },
      { ...scope, name: 'Check-up', durationMinutes: 20, priceAmount: 2000, currency: 'EUR', slotIntervalMinutes: 10, minNoticeMinutes: 60, position: 1 },
    ]).returning()
    service = created[0]!
    shortService = created[1]!
    await database.db.insert(bookingServiceResources).values(created.map(row => ({ serviceId: row.id, resourceId: room!.id, projectId: scope.projectId })))
    const [consent] = await database.db.insert(bookingRequirements).values({ ...scope, label: 'I accept the privacy notice', kind: 'consent', required: true }).returning()
    consentId = consent!.id
    // Only the check-up asks for a file (optional), so the consultation's questions stay as they are.
    const [photo] = await database.db.insert(bookingRequirements).values({ ...scope, label: 'A photo of the area', kind: 'file', serviceIds: [shortService.id], position: 1 }).returning()
    fileQuestionId = photo!.id
    await database.db.insert(bookingCoupons).values({ ...scope, code: 'OLD10', kind: 'percent', amount: 10, validUntil: new Date(Date.now() - 86_400_000) })
  })
  afterAll(async () => {
    await database.close()
  })

  /** A whole free day two weeks ahead (in Madrid), and its slots. */
  async function dayOfSlots(serviceId = service.id, daysAhead = 14) {
    const date = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10)
    const response = await api('GET', `/api/v1/projects/${SLUG}/availability?serviceId=${serviceId}&from=${date}&to=${date}&timeZone=Europe/Madrid`)
    expect(response.status).toBe(200)
    return { date, slots: response.json.slots as Array<{ start: string, end: string, resourceIds: string[] }> }
  }
  const activeCount = async () => (await database.db.select().from(bookings).where(and(eq(bookings.projectId, scope.projectId), inArray(bookings.status, ['pending', 'pending_payment', 'confirmed'])))).length

  it('lists the services with the exact shape', async () => {
    const response = await api('GET', `/api/v1/projects/${SLUG}/services`)
    expect(response.status).toBe(200)
    expect(response.json.data.map((row: Json) => row.name)).toEqual(['Consultation', 'Check-up'])
    expect(response.json.data[0]).toMatchObject({ id: service.id, name: 'Consultation', durationMinutes: 60, price: { amount: 5000, currency: 'EUR' } })
    expect(response.json.data[0].requirements).toEqual([{ id: consentId, label: 'I accept the privacy notice', kind: 'consent', options: [], required: true }])
    expect(response.headers['access-control-allow-origin']).toBe('*')
  })

  it('gives slots in the visitor\'s zone with its offset', async () => {
    const { date, slots } = await dayOfSlots()
    // 09:00–18:00 Madrid, 60 min + 10 min buffer after, every 30 min: 09:00 … 17:00.
    expect(slots).toHaveLength(17)
    expect(slots[0]!.start).toMatch(new RegExp(`^${date}T09:00:00\\+0[12]:00$`))
    expect(slots.at(-1)!.start).toMatch(/T17:00:00\+0[12]:00$/)
    const inNewYork = await api('GET', `/api/v1/projects/${SLUG}/availability?serviceId=${service.id}&from=${date}&to=${date}&timeZone=America/New_York`)
    expect(inNewYork.json.timeZone).toBe('America/New_York')
    expect(inNewYork.json.slots[0].start).toMatch(/T0[34]:00:00-0[45]:00$/)
  })

  it('books a slot: 201 with id, status, start, end and a manage link', async () => {
    const { slots } = await dayOfSlots()
    const response = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: service.id, start: slots[0]!.start, timeZone: 'Europe/Madrid', customer, answers: { [consentId]: true } })
    expect(response.status).toBe(201)
    expect(Object.keys(response.json).sort()).toEqual(['end', 'id', 'manageUrl', 'start', 'status'])
    expect(response.json).toMatchObject({ status: 'confirmed', start: slots[0]!.start, end: slots[0]!.end })
    expect(response.json.manageUrl).toMatch(new RegExp(`^http://${SLUG}\\.localhost:${sitePort}/book/manage/`))
    const [email] = await database.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, customer.email), eq(outboxMessages.template, 'bookings.confirmed')))
    expect(email!.attachments[0]).toMatchObject({ filename: 'booking.ics', contentType: 'text/calendar' })
    expect(Buffer.from(email!.attachments[0]!.content, 'base64').toString()).toContain(`UID:${response.json.id}@flectar`)
  })

  it('books with a subscription token: covered with no payment, then 409 once the period\'s bookings are used', async () => {
    const [plan] = await database.db.insert(subscriptionPlans).values({ ...scope, name: 'One a month', priceMinor: 3000, currency: 'EUR', interval: 'month', bookingsPerPeriod: 1 }).returning()
    const [subscriber] = await database.db.insert(customers).values({ ...scope, name: 'Sara Subscriber', email: 'sara.subscriber@example.com' }).returning()
    const [subscription] = await database.db.insert(customerSubscriptions).values({
      ...scope, planId: plan!.id, customerId: subscriber!.id, status: 'active', stripeSubscriptionId: 'sub_api_test', stripeCustomerId: 'cus_api_test',
      currentPeriodStart: new Date(Date.now() - 86_400_000), currentPeriodEnd: new Date(Date.now() + 29 * 86_400_000),
    }).returning()
    const token = subscriptionToken(inject('appEnv').SESSION_SECRET!, subscription!.id)
    const { slots } = await dayOfSlots(service.id, 20)
    const body = (start: string, subscriptionBody: unknown) => ({ serviceId: service.id, start, timeZone: 'Europe/Madrid', customer: { name: 'Sara Subscriber', email: 'sara.subscriber@example.com' }, answers: { [consentId]: true }, subscription: subscriptionBody })
    const covered = await api('POST', `/api/v1/projects/${SLUG}/bookings`, body(slots[0]!.start, { token }))
    expect(covered.status).toBe(201)
    expect(covered.json.payment).toBeUndefined()
    const refused = await api('POST', `/api/v1/projects/${SLUG}/bookings`, body(slots[4]!.start, { token }))
    expect(refused.status).toBe(409)
    expect(refused.json.error).toMatchObject({ code: 'subscription_bookings_used', allowed: 1, used: 1 })
    const forged = await api('POST', `/api/v1/projects/${SLUG}/bookings`, body(slots[4]!.start, { token: `${subscription!.id}.forged-signature-000000` }))
    expect(forged.status).toBe(422)
    expect(forged.json.error.fields).toEqual({ 'subscription.token': 'is not a subscription of this site' })
  })

  it('answers 409 slot_unavailable with alternatives for a taken slot', async () => {
    const { slots } = await dayOfSlots(service.id, 15)
    const body = { serviceId: service.id, start: slots[4]!.start, timeZone: 'Europe/Madrid', customer, answers: { [consentId]: true } }
    expect((await api('POST', `/api/v1/projects/${SLUG}/bookings`, body)).status).toBe(201)
    const again = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { ...body, customer: { name: 'Other', email: 'other@example.com' } })
    expect(again.status).toBe(409)
    expect(again.json.error).toMatchObject({ code: 'slot_unavailable', message: expect.any(String) })
    expect(again.json.error.alternatives.length).toBeGreaterThan(0)
    for (const alternative of again.json.error.alternatives) {
      expect(alternative.start).not.toBe(slots[4]!.start)
      expect(alternative.start).toMatch(/\+0[12]:00$/)
    }
  })

  it('lets exactly one of 200 concurrent bookings of one slot through, and no overlaps of different durations', async () => {
    const { slots } = await dayOfSlots(service.id, 16)
    const before = await activeCount()
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => api('POST', `/api/v1/projects/${SLUG}/bookings`, {
      serviceId: service.id, start: slots[2]!.start, timeZone: 'Europe/Madrid', customer: { name: `Racer ${index}`, email: `racer${index}@example.com` }, answers: { [consentId]: true },
    })))
    const statuses = responses.map(response => response.status)
    expect(statuses.filter(status => status === 201)).toHaveLength(1)
    expect(statuses.every(status => status === 201 || status === 409 || status === 429)).toBe(true)
    expect(statuses.filter(status => status === 409).length).toBeGreaterThan(150)
    expect(await activeCount()).toBe(before + 1)

    // The 60-min consultation and the 20-min check-up, racing for overlapping times of one room.
    const short = await dayOfSlots(shortService.id, 17)
    const long = await dayOfSlots(service.id, 17)
    const mixed = await Promise.all(Array.from({ length: 60 }, (_, index) => {
      const useShort = index % 2 === 0
      const start = useShort ? short.slots[index % 12]!.start : long.slots[index % 4]!.start
      return api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: useShort ? shortService.id : service.id, start, timeZone: 'Europe/Madrid', customer: { name: 'Mixed', email: `mixed${index}@example.com` }, answers: { [consentId]: true } })
    }))
    expect(mixed.every(response => [201, 409, 429].includes(response.status))).toBe(true)
    expect(mixed.some(response => response.status === 201)).toBe(true)
    const overlapping = await database.db.execute(sql`select count(*)::int as n from bookings a join bookings b on a.resource_id = b.resource_id and a.id < b.id and a.seat = b.seat and a.blocked && b.blocked
      where a.project_id = ${scope.projectId} and a.status in ('pending','pending_payment','confirmed') and b.status in ('pending','pending_payment','confirmed')`)
    expect(overlapping[0]).toEqual({ n: 0 })
  })

  it('refuses bad input with a clear 422 and creates nothing', async () => {
    const { slots } = await dayOfSlots(service.id, 18)
    const good = { serviceId: service.id, start: slots[0]!.start, timeZone: 'Europe/Madrid', customer, answers: { [consentId]: true } }
    const before = { bookings: await activeCount(), customers: (await database.db.select().from(customers).where(eq(customers.projectId, scope.projectId))).length }
    const offSlot = slots[0]!.start.replace(':00:00+', ':07:00+')
    const cases: Array<[unknown, string]> = [
      [{ ...good, serviceId: '00000000-0000-4000-8000-000000000000' }, 'serviceId'],
      [{ ...good, start: offSlot }, 'start'],
      [{ ...good, start: '2020-01-06T10:00:00+01:00' }, 'start'],
      [{ ...good, couponCode: 'OLD10' }, 'couponCode'],
      [{ ...good, answers: {} }, `answers.${consentId}`],
      [{ ...good, customer: { name: '', email: 'not-an-email' } }, 'customer.email'],
      [{ ...good, timeZone: 'Mars/Olympus' }, 'timeZone'],
    ]
    for (const [body, field] of cases) {
      const response = await api('POST', `/api/v1/projects/${SLUG}/bookings`, body)
      expect(response.status, field).toBe(422)
      expect(response.json.error.code).toBe('invalid_input')
      expect(response.json.error.fields[field], field).toEqual(expect.any(String))
    }
    expect(await activeCount()).toBe(before.bookings)
    expect((await database.db.select().from(customers).where(eq(customers.projectId, scope.projectId))).length).toBe(before.customers)
    const badQuery = await api('GET', `/api/v1/projects/${SLUG}/availability?serviceId=${service.id}&from=2026-02-30&to=2026-01-01&timeZone=Europe/Madrid`)
    expect(badQuery.status).toBe(422)
    expect(badQuery.json.error.fields.from).toBeDefined()
  })

  it('takes an uploaded file (201 with its id) as the answer to a file question, and gives no link back', async () => {
    const response = await upload(SLUG, await multipart({ name: 'rash photo.png', bytes: PNG, type: 'image/png' }))
    expect(response.status).toBe(201)
    expect(response.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'rash photo.png', size: PNG.byteLength })
    expect(response.headers['access-control-allow-origin']).toBe('*')
    const [stored] = await database.db.select().from(mediaAssets).where(eq(mediaAssets.id, response.json.id))
    expect(stored).toMatchObject({ projectId: scope.projectId, private: true, createdBy: null, contentType: 'image/png', filename: 'Booking upload - rash photo.png' })

    const { slots } = await dayOfSlots(shortService.id, 20)
    const booked = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: shortService.id, start: slots[0]!.start, timeZone: 'Europe/Madrid', customer, answers: { [consentId]: true, [fileQuestionId]: response.json.id } })
    expect(booked.status).toBe(201)
    expect(JSON.stringify(booked.json)).not.toContain(response.json.id)
    const [booking] = await database.db.select().from(bookings).where(eq(bookings.id, booked.json.id))
    expect(booking!.answers).toContainEqual({ requirementId: fileQuestionId, label: 'A photo of the area', kind: 'file', value: response.json.id })

    // Any other id is refused, and books nothing.
    const before = await activeCount()
    const forged = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: shortService.id, start: slots[3]!.start, timeZone: 'Europe/Madrid', customer, answers: { [consentId]: true, [fileQuestionId]: '00000000-0000-4000-8000-000000000000' } })
    expect(forged.status).toBe(422)
    expect(forged.json.error.fields[`answers.${fileQuestionId}`]).toBe('must be a file uploaded for this booking')
    expect(await activeCount()).toBe(before)
  })

  it('refuses uploads by content and size: 422 on file, 413 for an oversized body, 429 when rate limited', async () => {
    const count = async () => (await database.db.select().from(mediaAssets).where(eq(mediaAssets.projectId, scope.projectId))).length
    const before = await count()
    const renamed = await upload(SLUG, await multipart({ name: 'notes.png', bytes: Buffer.from('just some text, renamed to .png'), type: 'image/png' }))
    expect(renamed.status).toBe(422)
    expect(renamed.json.error).toMatchObject({ code: 'invalid_input', fields: { file: 'This file is not a PNG, JPEG, WebP, AVIF or GIF image, or a PDF.' } })
    const missing = await upload(SLUG, await multipart())
    expect(missing.status).toBe(422)
    expect(missing.json.error.fields.file).toBe('Choose a file to upload.')
    const notMultipart = await upload(SLUG, { body: Buffer.from('{}'), contentType: 'application/json' })
    expect(notMultipart.status).toBe(422)
    expect(notMultipart.json.error.fields.file).toBe('Choose a file to upload.')
    // Just over 10 MB of file fits the body limit, so the package says why.
    const tooBig = await upload(SLUG, await multipart({ name: 'big.png', bytes: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), type: 'image/png' }))
    expect(tooBig.status).toBe(422)
    expect(tooBig.json.error.fields.file).toContain('The limit is 10 MB')
    const huge = await multipart({ name: 'huge.pdf', bytes: Buffer.alloc(11 * 1024 * 1024), type: 'application/pdf' })
    const oversized = await upload(SLUG, huge)
    expect(oversized.status).toBe(413)
    expect(oversized.json.error.code).toBe('payload_too_large')
    // Streamed without a declared length, it is cut off at the limit just the same.
    const streamed = await upload(SLUG, huge, { 'transfer-encoding': 'chunked' })
    expect(streamed.status).toBe(413)
    // A site with no file question takes no files.
    const elsewhere = await upload('demo', await multipart({ name: 'photo.png', bytes: PNG, type: 'image/png' }))
    expect(elsewhere.status).toBe(422)
    expect(elsewhere.json.error.fields.file).toBe('This site does not ask for files.')
    expect(await count()).toBe(before)

    const statuses: number[] = []
    for (let attempt = 0; attempt < 11; attempt++) statuses.push((await upload(SLUG, await multipart(), { 'x-forwarded-for': '10.251.0.1' })).status)
    expect(statuses.slice(0, 10).every(status => status === 422)).toBe(true)
    expect(statuses[10]).toBe(429)
  })

  it('prices a service with a coupon before booking, and names a bad coupon', async () => {
    await database.db.insert(bookingCoupons).values({ ...scope, code: 'WELCOME20', kind: 'percent', amount: 20 })
    const quote = await api('POST', `/api/v1/projects/${SLUG}/quote`, { serviceId: service.id, couponCode: 'welcome20' })
    expect(quote.status).toBe(200)
    expect(quote.json.data).toEqual({ currency: 'EUR', subtotal: 5000, discount: 1000, total: 4000, deposit: 0, coupon: { code: 'WELCOME20', kind: 'percent', amount: 20 } })
    const expired = await api('POST', `/api/v1/projects/${SLUG}/quote`, { serviceId: service.id, couponCode: 'OLD10' })
    expect(expired.status).toBe(422)
    expect(expired.json.error.fields).toEqual({ couponCode: 'has expired' })
  })

  it('answers 413 in the API shape for an oversized body, before reading it', async () => {
    const response = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: service.id, notes: 'x'.repeat(300 * 1024) })
    expect(response.status).toBe(413)
    expect(response.json.error.code).toBe('payload_too_large')
  })

  it('answers 404 in the API shape for an unknown site or endpoint', async () => {
    const response = await api('GET', '/api/v1/projects/no-such-site/services')
    expect(response.status).toBe(404)
    expect(response.json.error.code).toBe('project_not_found')
    expect((await api('GET', '/api/v1/nothing-here')).json.error.code).toBe('endpoint_not_found')
  })

  it('rate limits booking attempts per client with 429 and Retry-After', async () => {
    const headers = { 'x-forwarded-for': '10.250.0.1' }
    let last = 0
    let retryAfter: unknown
    for (let attempt = 0; attempt < 25 && last !== 429; attempt++) {
      const response = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: 'nope' }, headers)
      last = response.status
      retryAfter = response.headers['retry-after']
      if (last === 429) expect(response.json.error.code).toBe('rate_limited')
    }
    expect(last).toBe(429)
    expect(Number(retryAfter)).toBeGreaterThan(0)
  })

  it('reschedules and cancels by manage token', async () => {
    const { slots } = await dayOfSlots(service.id, 19)
    const created = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: service.id, start: slots[0]!.start, timeZone: 'Europe/Madrid', customer, answers: { [consentId]: true } })
    const token = created.json.manageUrl.split('/book/manage/')[1]
    const opened = await api('GET', `/api/v1/projects/${SLUG}/manage/${token}`)
    expect(opened.json.data).toMatchObject({ id: created.json.id, status: 'confirmed', serviceName: 'Consultation', start: slots[0]!.start })
    const moved = await api('POST', `/api/v1/projects/${SLUG}/manage/${token}/reschedule`, { start: slots[6]!.start })
    expect(moved.status).toBe(200)
    expect(moved.json.data.start).toBe(slots[6]!.start)
    const free = (await dayOfSlots(service.id, 19)).slots.map(slot => slot.start)
    expect(free).toContain(slots[0]!.start)
    expect(free).not.toContain(slots[6]!.start)
    expect((await api('GET', `/api/v1/projects/${SLUG}/manage/${token}x`)).status).toBe(404)
    const cancelled = await api('POST', `/api/v1/projects/${SLUG}/manage/${token}/cancel`, { reason: 'Cannot make it' })
    expect(cancelled.json.data.status).toBe('cancelled')
    expect((await dayOfSlots(service.id, 19)).slots.map(slot => slot.start)).toContain(slots[6]!.start)
    expect((await api('POST', `/api/v1/projects/${SLUG}/manage/${token}/reschedule`, { start: slots[8]!.start })).status).toBe(409)
  })

  it('lists bookings only with an API key holding bookings:read', async () => {
    const readKey = await createApiKey(database.db, scope, { name: 'CRM sync', scopes: ['bookings:read'] }, { ...SYSTEM_ACTOR, userId: userId })
    const writeOnly = await createApiKey(database.db, scope, { name: 'Writer', scopes: ['bookings:write'] }, { ...SYSTEM_ACTOR, userId: userId })
    const from = new Date().toISOString()
    const to = new Date(Date.now() + 60 * 86_400_000).toISOString()
    const path = `/api/v1/projects/${SLUG}/bookings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
    expect((await api('GET', path)).status).toBe(401)
    expect((await api('GET', path, undefined, { authorization: 'Bearer flk_wrong' })).status).toBe(401)
    expect((await api('GET', path, undefined, { authorization: `Bearer ${writeOnly.key}` })).status).toBe(403)
    const listed = await api('GET', path, undefined, { authorization: `Bearer ${readKey.key}` })
    expect(listed.status).toBe(200)
    expect(listed.json.data.length).toBeGreaterThan(0)
    expect(listed.json.data[0]).toMatchObject({ serviceName: expect.any(String), customer: { name: expect.any(String) } })
  })

  it('keeps one site\'s keys and manage links out of another site', async () => {
    const demo = (await database.db.select().from(projects).where(eq(projects.slug, 'demo')))[0]!
    const demoKey = await createApiKey(database.db, { orgId: demo.orgId, projectId: demo.id }, { name: 'Demo CRM', scopes: ['bookings:read'] }, SYSTEM_ACTOR)
    const from = encodeURIComponent(new Date().toISOString())
    const to = encodeURIComponent(new Date(Date.now() + 60 * 86_400_000).toISOString())
    const foreign = await api('GET', `/api/v1/projects/${SLUG}/bookings?from=${from}&to=${to}`, undefined, { authorization: `Bearer ${demoKey.key}` })
    expect(foreign.status).toBe(401)
    expect(foreign.json.error.code).toBe('invalid_api_key')

    const { slots } = await dayOfSlots(service.id, 20)
    const created = await api('POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId: service.id, start: slots[0]!.start, timeZone: 'Europe/Madrid', customer, answers: { [consentId]: true } })
    const token = created.json.manageUrl.split('/book/manage/')[1]
    expect((await api('GET', `/api/v1/projects/demo/manage/${token}`)).status).toBe(404)
    expect((await api('POST', `/api/v1/projects/demo/manage/${token}/cancel`, {})).status).toBe(404)
    const [row] = await database.db.select().from(bookings).where(eq(bookings.id, created.json.id))
    expect(row!.status).toBe('confirmed')
  })

  it('serves an OpenAPI 3.1 document naming every path', async () => {
    const response = await api('GET', '/api/v1/openapi.json')
    expect(response.status).toBe(200)
    expect(response.json.openapi).toBe('3.1.0')
    expect(Object.keys(response.json.paths).sort()).toEqual([
      '/api/v1/projects/{slug}/availability', '/api/v1/projects/{slug}/bookings', '/api/v1/projects/{slug}/manage/{token}',
      '/api/v1/projects/{slug}/manage/{token}/cancel', '/api/v1/projects/{slug}/manage/{token}/reschedule', '/api/v1/projects/{slug}/quote', '/api/v1/projects/{slug}/services',
      '/api/v1/projects/{slug}/uploads',
    ])
    expect(response.json.paths['/api/v1/projects/{slug}/bookings'].post.requestBody.content['application/json'].schema.properties.customer).toBeDefined()
    expect(response.json.paths['/api/v1/projects/{slug}/bookings'].post.requestBody.content['application/json'].schema.properties.payment.properties.provider.enum).toEqual(['stripe', 'paypal', 'redsys', 'on_site'])
    expect(response.json.paths['/api/v1/projects/{slug}/uploads'].post.requestBody.content['multipart/form-data'].schema.required).toEqual(['file'])
  })
})
