import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookings, createDb } from '@flectar/db'
import { AppError } from '@flectar/errors'
import { createTestDatabase } from '@flectar/db/testing'
import { createBookingFromRequest } from './testing/from-request'
import { activeOverlaps, bookingRequest, failure, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

/** 'booked', or 'conflict' for a 409 slot_unavailable; anything else (a 5xx in the API) fails the test. */
function outcome(attempt: Promise<unknown>): Promise<'booked' | 'conflict'> {
  return attempt.then(() => 'booked' as const, (error: unknown) => {
    if (error instanceof AppError && error.statusCode === 409 && error.data.code === 'slot_unavailable') return 'conflict' as const
    throw error
  })
}

describe('no slot is sold twice', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let wide: ReturnType<typeof createDb>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    // A pool wide enough that the bookings really race each other.
    wide = createDb(database.url, { max: 40 })
    clinic = await seedBookingProject(database.db, 'clinic-conflicts')
  })
  afterAll(async () => {
    await wide.close()
    await database.drop()
  })

  it('answers a taken slot with 409 and the nearest free starts in the visitor\'s zone', async () => {
    const { service, resourceIds } = await clinic.addService()
    await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-09T09:15:00+01:00'), clinic.env, { source: 'site' })
    const before = await clinic.counts()
    const error = await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-09T03:15:00-05:00', {
      timeZone: 'America/New_York', customer: { name: 'Ned', email: 'ned@example.com' },
    }), clinic.env, { source: 'site' }))

    expect(error.statusCode).toBe(409)
    expect(error.data.code).toBe('slot_unavailable')
    // 09:00 is taken too (it would run into 09:15); the free starts nearest 09:15 Madrid are 09:45 … 10:45.
    expect(error.data.alternatives).toEqual([
      ['03:45', '04:15'], ['04:00', '04:30'], ['04:15', '04:45'], ['04:30', '05:00'], ['04:45', '05:15'],
    ].map(([start, end]) => ({ start: `2026-12-09T${start}:00-05:00`, end: `2026-12-09T${end}:00-05:00`, resourceIds })))
    expect(await clinic.counts()).toEqual(before)
  })

  it('lets exactly one of 200 concurrent bookings of one slot through, the rest get 409', async () => {
    const { service, resourceIds } = await clinic.addService()
    const results = await Promise.all(Array.from({ length: 200 }, (_, index) => outcome(createBookingFromRequest(wide.db, clinic.project, bookingRequest(service.id, '2026-12-10T10:00:00+01:00', {
      customer: { name: `Racer ${index}`, email: `racer${index}@example.com` },
    }), clinic.env, { source: 'api' }))))

    expect(results.filter(result => result === 'booked')).toHaveLength(1)
    expect(results.filter(result => result === 'conflict')).toHaveLength(199)
    const active = await database.db.select().from(bookings).where(and(inArray(bookings.resourceId, resourceIds), inArray(bookings.status, ['pending', 'pending_payment', 'confirmed'])))
    expect(active).toHaveLength(1)
    expect(await activeOverlaps(database.db, resourceIds)).toEqual([])
  })

  it('never overlaps concurrent bookings of different services and lengths on one resource', async () => {
    const resource = await clinic.addResource({ name: 'Room 1' })
    const short = (await clinic.addService({ name: 'Short', durationMinutes: 30 }, [resource.id])).service
    const long = (await clinic.addService({ name: 'Long', durationMinutes: 75, bufferAfterMinutes: 15 }, [resource.id])).service
    const starts = ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:30']
    const results = await Promise.all(Array.from({ length: 120 }, (_, index) => {
      const service = index % 2 === 0 ? short : long
      return outcome(createBookingFromRequest(wide.db, clinic.project, bookingRequest(service.id, `2026-12-11T${starts[index % starts.length]}:00+01:00`, {
        customer: { name: `Mixed ${index}`, email: `mixed${index}@example.com` },
      }), clinic.env, { source: 'api' }))
    }))

    expect(results.filter(result => result === 'booked').length).toBeGreaterThanOrEqual(2)
    expect(await activeOverlaps(database.db, [resource.id])).toEqual([])
    // The morning 09:00–13:00 holds at most four 30-minute or two 90-minute blocks; nothing got squeezed in beyond that.
    const active = await database.db.select().from(bookings).where(and(eq(bookings.resourceId, resource.id), eq(bookings.status, 'confirmed')))
    const blockedMinutes = active.reduce((sum, booking) => sum + (booking.blocked.end.getTime() - booking.blocked.start.getTime()) / 60_000, 0)
    expect(blockedMinutes).toBeLessThanOrEqual(4 * 60)
    expect(active.length).toBe(results.filter(result => result === 'booked').length)
  })

  it('seats a group class up to its capacity, then answers 409', async () => {
    const { service } = await clinic.addService({ name: 'Yoga', durationMinutes: 60, capacity: 3 })
    const book = (index: number) => createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-14T10:00:00+01:00', {
      customer: { name: `Yogi ${index}`, email: `yogi${index}@example.com` },
    }), clinic.env, { source: 'site' })
    const seated = [await book(0), await book(1), await book(2)]
    expect(seated.map(({ booking }) => booking.seat)).toEqual([0, 1, 2])
    expect(await failure(book(3))).toMatchObject({ statusCode: 409, data: { code: 'slot_unavailable' } })
    // Another start overlapping the class is not a seat in it.
    expect(await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-14T10:30:00+01:00'), clinic.env, { source: 'site' })))
      .toMatchObject({ statusCode: 409, data: { code: 'slot_unavailable' } })
  })

  it('fills a group class from concurrent requests without over-selling it', async () => {
    const { service, resourceIds } = await clinic.addService({ name: 'Pilates', durationMinutes: 60, capacity: 3 })
    const results = await Promise.all(Array.from({ length: 40 }, (_, index) => outcome(createBookingFromRequest(wide.db, clinic.project, bookingRequest(service.id, '2026-12-15T10:00:00+01:00', {
      customer: { name: `Pilates ${index}`, email: `pilates${index}@example.com` },
    }), clinic.env, { source: 'api' }))))
    expect(results.filter(result => result === 'booked')).toHaveLength(3)
    const seats = await database.db.select({ seat: bookings.seat }).from(bookings).where(and(inArray(bookings.resourceId, resourceIds), eq(bookings.status, 'confirmed')))
    expect(seats.map(row => row.seat).sort()).toEqual([0, 1, 2])
  })
})
