import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '@flectar/db/testing'
import { formatInZone } from '@flectar/time'
import { staticBusySource } from './availability'
import { listAvailableSlots } from './list-available-slots'
import { createBookingFromRequest, listPublicSlotsFromRequest } from './testing/from-request'
import { bookingRequest, failure, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

describe('listAvailableSlots: the one slot listing', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-slot-listing')
  })
  afterAll(() => database.drop())

  it('leaves out a slot whose end meets a busy time that starts after the range, as booking it would', async () => {
    const { service, resourceIds } = await clinic.addService()
    const busy = staticBusySource([{ resourceId: resourceIds[0]!, start: new Date('2026-12-07T09:00:00Z'), end: new Date('2026-12-07T09:30:00Z') }])
    const range = { from: new Date('2026-12-07T08:00:00Z'), to: new Date('2026-12-07T09:00:00Z'), now: clinic.env.now! }
    const { slots } = await listAvailableSlots(database.db, service, { ...range, busy })
    expect(slots.map(slot => formatInZone(slot.start, 'Europe/Madrid'))).toEqual(['2026-12-07T09:00:00+01:00', '2026-12-07T09:15:00+01:00', '2026-12-07T09:30:00+01:00'])
    const refused = await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T09:45:00+01:00'), { ...clinic.env, busy }, { source: 'site' }))
    expect(refused).toMatchObject({ statusCode: 409, data: { code: 'slot_unavailable' } })
  })

  it('ignores bookings only when asked, to tell a start no rule allows from a taken one', async () => {
    const { service } = await clinic.addService({ durationMinutes: 60, slotIntervalMinutes: 60 })
    await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-08T10:00:00+01:00'), clinic.env, { source: 'site' })
    const at = { from: new Date('2026-12-08T09:00:00Z'), to: new Date('2026-12-08T09:00:00.001Z'), now: clinic.env.now! }
    expect((await listAvailableSlots(database.db, service, at)).slots).toEqual([])
    expect((await listAvailableSlots(database.db, service, { ...at, ignoreBookings: true })).slots).toHaveLength(1)
  })

  it('checks the extras of a query like a booking\'s: one named twice is refused', async () => {
    const { service } = await clinic.addService()
    const extra = await clinic.addExtra({ name: 'Wash', durationMinutes: 15, serviceIds: [service.id] })
    const query = { serviceId: service.id, from: '2026-12-09', to: '2026-12-09', timeZone: 'Europe/Madrid', extras: `${extra.id},${extra.id}` }
    expect((await failure(listPublicSlotsFromRequest(database.db, clinic.project, query, clinic.env))).data.fields).toEqual({ extras: 'lists an extra twice' })
  })
})
