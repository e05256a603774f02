import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { apiKeys, bookingCoupons, bookingDateOverrides, bookingResources, bookingServiceResources, bookingServices, bookings, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import type { ProjectScope } from '@flectar/sites'
import {
  apiKeySchema, blockedDateSchema, couponSchema, couponUpdateSchema, createApiKey, createBlockedDate, createCoupon, createExtra, createRequirement,
  createResource, createService, dateOverrideSchema, deleteCoupon, deleteDateOverride, deleteResource, deleteService, extraSchema, listApiKeys,
  listBlockedDates, listCoupons, listDateOverrides, listExtras, listRequirements, listResources, listServices, reorderServices, requirementSchema,
  resourceSchema, revokeApiKey, serviceSchema, updateCoupon, updateExtra, updateRequirement, updateResource, updateService, upsertDateOverride,
  verifyApiKey,
} from './config'

/** The 422 field errors `run` fails with (or a failure when it does not). */
async function fieldErrorsOf(run: () => unknown): Promise<Record<string, string>> {
  let caught: unknown
  try {
    await run()
  }
  catch (error) {
    caught = error
  }
  expect(caught, 'expected a 422').toMatchObject({ statusCode: 422 })
  return (caught as { data: { fields: Record<string, string> } }).data.fields
}

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map(weekday => ({ weekday, start, end }))

describe('booking configuration on a real database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  /** Another project of the same org. */
  let sibling: ProjectScope
  /** A project of another org. */
  let foreign: ProjectScope

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org, other] = await database.db.insert(organizations).values([{ name: 'Acme', slug: 'acme-cfg' }, { name: 'Other', slug: 'other-cfg' }]).returning()
    const [main, second, theirs] = await database.db.insert(projects).values([
      { orgId: org!.id, name: 'Main', slug: 'cfg-main' },
      { orgId: org!.id, name: 'Second', slug: 'cfg-second' },
      { orgId: other!.id, name: 'Theirs', slug: 'cfg-theirs' },
    ]).returning()
    scope = { orgId: org!.id, projectId: main!.id }
    sibling = { orgId: org!.id, projectId: second!.id }
    foreign = { orgId: other!.id, projectId: theirs!.id }
  })
  afterAll(() => database.drop())

  describe('resources', () => {
    it('validates zones and weekly hours with the path of the bad field', async () => {
      expect(await fieldErrorsOf(() => parseInput(resourceSchema, { name: 'Ana', timeZone: 'Mars/Olympus' }))).toHaveProperty('timeZone')
      expect(await fieldErrorsOf(() => parseInput(resourceSchema, { name: 'Ana', timeZone: '+01:00' }))).toHaveProperty('timeZone')
      const overlapping = await fieldErrorsOf(() => parseInput(resourceSchema, {
        name: 'Ana',
        timeZone: 'Europe/Madrid',
        weeklyHours: [{ weekday: 1, start: '09:00', end: '14:00' }, { weekday: 2, start: '09:00', end: '14:00' }, { weekday: 1, start: '13:00', end: '18:00' }],
      }))
      expect(overlapping).toEqual({ 'weeklyHours.2.start': 'Overlaps 09:00–14:00 on Monday' })
      const backwards = await fieldErrorsOf(() => parseInput(resourceSchema, { name: 'Ana', timeZone: 'UTC', weeklyHours: [{ weekday: 3, start: '18:00', end: '09:00' }, { weekday: 8, start: '09:00', end: '25:00' }] }))
      expect(Object.keys(backwards).sort()).toEqual(['weeklyHours.0.end', 'weeklyHours.1.end', 'weeklyHours.1.weekday'])
      // Touching intervals and a day that runs to midnight are fine.
      const ok = parseInput(resourceSchema, { name: 'Ana', timeZone: 'UTC', weeklyHours: [{ weekday: 6, start: '14:00', end: '24:00' }, { weekday: 6, start: '09:00', end: '14:00' }] })
      expect(ok.weeklyHours).toEqual([{ weekday: 6, start: '09:00', end: '14:00' }, { weekday: 6, start: '14:00', end: '24:00' }])
    })

    it('creates, updates and lists only the project\'s resources', async () => {
      const resource = await createResource(database.db, scope, parseInput(resourceSchema, { name: 'Ana', timeZone: 'Europe/Madrid', weeklyHours: weekdays('09:00', '17:00') }), SYSTEM_ACTOR)
      expect(resource).toMatchObject({ name: 'Ana', kind: 'staff', active: true })
      const updated = await updateResource(database.db, scope, resource.id, { kind: 'room', active: false }, SYSTEM_ACTOR)
      expect(updated).toMatchObject({ name: 'Ana', kind: 'room', active: false, timeZone: 'Europe/Madrid' })
      expect((await listResources(database.db, scope)).map(row => row.id)).toContain(resource.id)
      expect(await listResources(database.db, sibling)).toEqual([])
      await expect(listResources(database.db, { orgId: foreign.orgId, projectId: scope.projectId })).rejects.toMatchObject({ statusCode: 404 })
      await expect(updateResource(database.db, sibling, resource.id, { name: 'Stolen' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await expect(deleteResource(database.db, sibling, resource.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      const [row] = await database.db.select().from(bookingResources).where(eq(bookingResources.id, resource.id))
      expect(row!.name).toBe('Ana')
    })

    it('upserts one override per date and keeps closures in range', async () => {
      const resource = await createResource(database.db, scope, parseInput(resourceSchema, { name: 'Room 1', kind: 'room', timeZone: 'UTC' }), SYSTEM_ACTOR)
      await upsertDateOverride(database.db, scope, resource.id, '2026-12-24', parseInput(dateOverrideSchema, { intervals: [{ start: '09:00', end: '13:00' }] }), SYSTEM_ACTOR)
      await upsertDateOverride(database.db, scope, resource.id, '2026-12-24', parseInput(dateOverrideSchema, { intervals: [] }), SYSTEM_ACTOR)
      expect(await listDateOverrides(database.db, scope, resource.id)).toMatchObject([{ date: '2026-12-24', intervals: [] }])
      await expect(upsertDateOverride(database.db, scope, resource.id, '2026-02-30', { intervals: [] }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 422, data: { fields: { date: expect.any(String) } } })
      expect(await fieldErrorsOf(() => parseInput(dateOverrideSchema, { intervals: [{ start: '10:00', end: '12:00' }, { start: '11:00', end: '13:00' }] }))).toHaveProperty(['intervals.1.start'])
      await expect(upsertDateOverride(database.db, sibling, resource.id, '2026-12-25', { intervals: [] }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await expect(deleteDateOverride(database.db, sibling, resource.id, '2026-12-24', SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await deleteDateOverride(database.db, scope, resource.id, '2026-12-24', SYSTEM_ACTOR)
      expect(await database.db.select().from(bookingDateOverrides).where(eq(bookingDateOverrides.resourceId, resource.id))).toEqual([])

      expect(await fieldErrorsOf(() => parseInput(blockedDateSchema, { fromDate: '2026-08-10', toDate: '2026-08-01' }))).toHaveProperty('toDate')
      const theirResource = await createResource(database.db, sibling, parseInput(resourceSchema, { name: 'Elsewhere', timeZone: 'UTC' }), SYSTEM_ACTOR)
      expect(await fieldErrorsOf(() => createBlockedDate(database.db, scope, parseInput(blockedDateSchema, { fromDate: '2026-08-01', toDate: '2026-08-01', resourceId: theirResource.id }), SYSTEM_ACTOR))).toHaveProperty('resourceId')
      const closure = await createBlockedDate(database.db, scope, parseInput(blockedDateSchema, { fromDate: '2026-08-01', toDate: '2026-08-15', reason: 'Summer' }), SYSTEM_ACTOR)
      expect(closure).toMatchObject({ resourceId: null, reason: 'Summer' })
      expect(await listBlockedDates(database.db, sibling)).toEqual([])
    })
  })

  describe('services', () => {
    it('validates bounds and the deposit with the path of the bad field', async () => {
      const errors = await fieldErrorsOf(() => parseInput(serviceSchema, {
        name: ' ', durationMinutes: 4, currency: 'euro', capacity: 0, bufferAfterMinutes: 721, maxAdvanceDays: 0,
        dailyLimit: 0, slotIntervalMinutes: 3, reminderMinutes: [60, 120, 1440, 2880], resourceIds: ['nope'],
      }))
      expect(Object.keys(errors).sort()).toEqual(['bufferAfterMinutes', 'capacity', 'currency', 'dailyLimit', 'durationMinutes', 'maxAdvanceDays', 'name', 'reminderMinutes', 'resourceIds.0', 'slotIntervalMinutes'])
      expect(await fieldErrorsOf(() => parseInput(serviceSchema, { name: 'Cut', durationMinutes: 30, priceAmount: 2000, depositKind: 'fixed', depositValue: 2500 }))).toHaveProperty('depositValue')
      expect(await fieldErrorsOf(() => parseInput(serviceSchema, { name: 'Cut', durationMinutes: 30, depositKind: 'percent', depositValue: 0 }))).toHaveProperty('depositValue')
      const parsed = parseInput(serviceSchema, { name: 'Cut', durationMinutes: 30, currency: 'eur', reminderMinutes: [60, 1440, 60] })
      expect(parsed).toMatchObject({ currency: 'EUR', capacity: 1, minNoticeMinutes: 120, dailyLimit: null, reminderMinutes: [1440, 60], resourceIds: [] })
    })

    it('links only the project\'s resources and replaces the links on update', async () => {
      const ana = await createResource(database.db, scope, parseInput(resourceSchema, { name: 'Ana S', timeZone: 'UTC' }), SYSTEM_ACTOR)
      const ben = await createResource(database.db, scope, parseInput(resourceSchema, { name: 'Ben S', timeZone: 'UTC' }), SYSTEM_ACTOR)
      const theirs = await createResource(database.db, foreign, parseInput(resourceSchema, { name: 'Spy', timeZone: 'UTC' }), SYSTEM_ACTOR)
      const before = await database.db.select().from(bookingServices)
      expect(await fieldErrorsOf(() => createService(database.db, scope, parseInput(serviceSchema, { name: 'Mixed', durationMinutes: 30, resourceIds: [ana.id, theirs.id] }), SYSTEM_ACTOR))).toEqual({ resourceIds: expect.any(String) })
      expect(await database.db.select().from(bookingServices)).toHaveLength(before.length)

      const service = await createService(database.db, scope, parseInput(serviceSchema, { name: 'Colour', durationMinutes: 90, priceAmount: 6000, resourceIds: [ana.id] }), SYSTEM_ACTOR)
      expect(service.resourceIds).toEqual([ana.id])
      const updated = await updateService(database.db, scope, service.id, { resourceIds: [ben.id], depositKind: 'percent', depositValue: 20 }, SYSTEM_ACTOR)
      expect(updated).toMatchObject({ resourceIds: [ben.id], depositKind: 'percent', depositValue: 20, priceAmount: 6000, name: 'Colour' })
      // A fixed deposit is checked against the stored price when only the deposit changes.
      expect(await fieldErrorsOf(() => updateService(database.db, scope, service.id, { depositKind: 'fixed', depositValue: 7000 }, SYSTEM_ACTOR))).toHaveProperty('depositValue')
      expect(await fieldErrorsOf(() => updateService(database.db, scope, service.id, { resourceIds: [theirs.id] }, SYSTEM_ACTOR))).toHaveProperty('resourceIds')
      const links = await database.db.select().from(bookingServiceResources).where(eq(bookingServiceResources.serviceId, service.id))
      expect(links.map(link => link.resourceId)).toEqual([ben.id])
    })

    it('keeps other projects out and refuses to delete a booked service', async () => {
      const resource = await createResource(database.db, scope, parseInput(resourceSchema, { name: 'Chair', kind: 'equipment', timeZone: 'UTC' }), SYSTEM_ACTOR)
      const first = await createService(database.db, scope, parseInput(serviceSchema, { name: 'First', durationMinutes: 30 }), SYSTEM_ACTOR)
      const second = await createService(database.db, scope, parseInput(serviceSchema, { name: 'Second', durationMinutes: 30, resourceIds: [resource.id] }), SYSTEM_ACTOR)
      expect(second.position).toBeGreaterThan(first.position)
      expect(await listServices(database.db, sibling)).toEqual([])
      await expect(updateService(database.db, sibling, first.id, { name: 'Stolen' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await expect(updateService(database.db, { orgId: foreign.orgId, projectId: scope.projectId }, first.id, { name: 'Stolen' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await expect(deleteService(database.db, sibling, first.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await expect(reorderServices(database.db, sibling, { ids: [first.id] }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 422 })
      expect((await listServices(database.db, scope)).find(service => service.id === first.id)?.name).toBe('First')

      const reordered = await reorderServices(database.db, scope, { ids: [second.id, first.id] }, SYSTEM_ACTOR)
      expect(reordered.slice(0, 2).map(service => service.id)).toEqual([second.id, first.id])

      const start = new Date('2030-01-07T10:00:00Z')
      const end = new Date('2030-01-07T10:30:00Z')
      await database.db.insert(bookings).values({ ...scope, resourceId: resource.id, serviceId: second.id, startsAt: start, endsAt: end, blocked: { start, end }, status: 'cancelled' })
      await expect(deleteService(database.db, scope, second.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 409, data: { code: 'service_in_use' } })
      await expect(deleteResource(database.db, scope, resource.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 409, data: { code: 'resource_in_use' } })
      await deleteService(database.db, scope, first.id, SYSTEM_ACTOR)
      expect(await database.db.select().from(bookingServices).where(eq(bookingServices.id, first.id))).toEqual([])
    })
  })

  describe('extras and requirements', () => {
    it('offer them only with the project\'s services', async () => {
      const service = await createService(database.db, scope, parseInput(serviceSchema, { name: 'Massage', durationMinutes: 60 }), SYSTEM_ACTOR)
      const theirs = await createService(database.db, sibling, parseInput(serviceSchema, { name: 'Theirs', durationMinutes: 60 }), SYSTEM_ACTOR)
      expect(await fieldErrorsOf(() => parseInput(extraSchema, { name: 'Oil', durationMinutes: 481, priceAmount: -1 }))).toEqual({ durationMinutes: expect.any(String), priceAmount: expect.any(String) })
      expect(await fieldErrorsOf(() => createExtra(database.db, scope, parseInput(extraSchema, { name: 'Oil', serviceIds: [theirs.id] }), SYSTEM_ACTOR))).toHaveProperty('serviceIds')
      const extra = await createExtra(database.db, scope, parseInput(extraSchema, { name: 'Oil', priceAmount: 500, durationMinutes: 10, serviceIds: [service.id] }), SYSTEM_ACTOR)
      expect(await updateExtra(database.db, scope, extra.id, { durationMinutes: 15 }, SYSTEM_ACTOR)).toMatchObject({ name: 'Oil', durationMinutes: 15, serviceIds: [service.id] })
      await expect(updateExtra(database.db, sibling, extra.id, { name: 'Stolen' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      expect(await listExtras(database.db, sibling)).toEqual([])

      expect(await fieldErrorsOf(() => parseInput(requirementSchema, { label: 'Which room?', kind: 'choice' }))).toHaveProperty('options')
      const question = await createRequirement(database.db, scope, parseInput(requirementSchema, { label: 'Allergies?', kind: 'text', options: ['ignored'], required: true }), SYSTEM_ACTOR)
      expect(question.options).toEqual([])
      expect(await fieldErrorsOf(() => updateRequirement(database.db, scope, question.id, { kind: 'choice' }, SYSTEM_ACTOR))).toHaveProperty('options')
      expect(await updateRequirement(database.db, scope, question.id, { kind: 'choice', options: ['Yes', 'No'] }, SYSTEM_ACTOR)).toMatchObject({ kind: 'choice', options: ['Yes', 'No'] })
      expect(await fieldErrorsOf(() => updateRequirement(database.db, scope, question.id, { serviceIds: [theirs.id] }, SYSTEM_ACTOR))).toHaveProperty('serviceIds')
      await expect(updateRequirement(database.db, foreign, question.id, { label: 'Stolen' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      expect(await listRequirements(database.db, sibling)).toEqual([])
    })
  })

  describe('coupons', () => {
    it('stores codes upper-case, unique per project whatever the case', async () => {
      const coupon = await createCoupon(database.db, scope, parseInput(couponSchema, { code: 'spring-10', kind: 'percent', amount: 10 }), SYSTEM_ACTOR)
      expect(coupon).toMatchObject({ code: 'SPRING-10', usedCount: 0, maxUses: null, active: true })
      await expect(createCoupon(database.db, scope, parseInput(couponSchema, { code: 'Spring-10', kind: 'fixed', amount: 500 }), SYSTEM_ACTOR))
        .rejects.toMatchObject({ statusCode: 409, data: { code: 'coupon_code_taken', fields: { code: expect.any(String) } } })
      // Another project may use the same code.
      expect((await createCoupon(database.db, sibling, parseInput(couponSchema, { code: 'SPRING-10', kind: 'percent', amount: 5 }), SYSTEM_ACTOR)).code).toBe('SPRING-10')
      const other = await createCoupon(database.db, scope, parseInput(couponSchema, { code: 'WINTER', kind: 'fixed', amount: 500 }), SYSTEM_ACTOR)
      await expect(updateCoupon(database.db, scope, other.id, parseInput(couponUpdateSchema, { code: 'spring-10' }), SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 409, data: { code: 'coupon_code_taken' } })
      expect(await listCoupons(database.db, scope)).toHaveLength(2)
    })

    it('validates kind, amount and window, and keeps used coupons', async () => {
      const errors = await fieldErrorsOf(() => parseInput(couponSchema, { code: 'no spaces!', kind: 'percent', amount: 101, validFrom: '2026-06-01T00:00:00Z', validUntil: '2026-05-01T00:00:00Z', maxUses: 0 }))
      expect(Object.keys(errors).sort()).toEqual(['amount', 'code', 'maxUses', 'validUntil'])
      expect(await fieldErrorsOf(() => parseInput(couponSchema, { code: 'AB', kind: 'fixed', amount: 0 }))).toEqual({ code: expect.any(String), amount: expect.any(String) })
      const coupon = await createCoupon(database.db, scope, parseInput(couponSchema, { code: 'ONCE', kind: 'fixed', amount: 1000, validFrom: '2026-06-01T00:00:00+02:00', validUntil: '2026-07-01T00:00:00+02:00' }), SYSTEM_ACTOR)
      expect(coupon.validFrom?.toISOString()).toBe('2026-05-31T22:00:00.000Z')
      expect(await fieldErrorsOf(() => updateCoupon(database.db, scope, coupon.id, parseInput(couponUpdateSchema, { validUntil: '2026-05-01T00:00:00Z' }), SYSTEM_ACTOR))).toHaveProperty('validUntil')
      await expect(updateCoupon(database.db, sibling, coupon.id, { active: false }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await database.db.update(bookingCoupons).set({ usedCount: 1 }).where(eq(bookingCoupons.id, coupon.id))
      await expect(deleteCoupon(database.db, scope, coupon.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 409, data: { code: 'coupon_in_use' } })
      await expect(deleteCoupon(database.db, sibling, coupon.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    })
  })

  describe('API keys', () => {
    it('shows the key once, stores only its hash, and verifies until revoked', async () => {
      expect(await fieldErrorsOf(() => parseInput(apiKeySchema, { name: 'x', scopes: ['admin'] }))).toHaveProperty(['scopes.0'])
      expect(await fieldErrorsOf(() => parseInput(apiKeySchema, { name: 'x', scopes: [] }))).toHaveProperty('scopes')
      const created = await createApiKey(database.db, scope, parseInput(apiKeySchema, { name: 'Booking sync', scopes: ['bookings:read', 'bookings:read', 'services:read'] }), SYSTEM_ACTOR)
      expect(created.key).toMatch(/^flk_[\w-]{43}$/)
      expect(created.prefix).toBe(created.key.slice(0, 12))
      expect(created.scopes).toEqual(['bookings:read', 'services:read'])

      const [stored] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id))
      expect(stored!.keyHash).toBe(createHash('sha256').update(created.key).digest('hex'))
      expect(JSON.stringify(stored)).not.toContain(created.key.slice(12))
      const listed = await listApiKeys(database.db, scope)
      expect(listed).toHaveLength(1)
      expect(JSON.stringify(listed)).not.toContain(created.key.slice(12))
      expect(listed[0]).not.toHaveProperty('keyHash')
      expect(await listApiKeys(database.db, sibling)).toEqual([])

      const now = new Date('2030-03-01T12:00:00Z')
      expect(await verifyApiKey(database.db, created.key, now)).toEqual({ id: created.id, orgId: scope.orgId, projectId: scope.projectId, scopes: ['bookings:read', 'services:read'] })
      const lastUsed = async () => (await database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id)))[0]!.lastUsedAt
      expect(await lastUsed()).toEqual(now)
      await verifyApiKey(database.db, created.key, new Date(now.getTime() + 30_000))
      expect(await lastUsed()).toEqual(now)
      await verifyApiKey(database.db, created.key, new Date(now.getTime() + 90_000))
      expect(await lastUsed()).toEqual(new Date(now.getTime() + 90_000))

      expect(await verifyApiKey(database.db, `${created.key.slice(0, -1)}x`)).toBeNull()
      expect(await verifyApiKey(database.db, '')).toBeNull()
      await expect(revokeApiKey(database.db, sibling, created.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      await expect(revokeApiKey(database.db, foreign, created.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
      expect(await verifyApiKey(database.db, created.key)).not.toBeNull()
      const revoked = await revokeApiKey(database.db, scope, created.id, SYSTEM_ACTOR)
      expect(revoked.revokedAt).toBeInstanceOf(Date)
      expect(await verifyApiKey(database.db, created.key)).toBeNull()
    })
  })
})
