import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createTestDatabase } from '@flectar/db/testing'
import { createBookingFromRequest, listStaffSlotsFromRequest } from './testing/from-request'
import { bookingRequest, failure, NOW, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

describe('listStaffSlots: free times for a booking taken by staff', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-staff-slots')
  })
  afterAll(() => database.drop())

  it('lists a local day in the project zone, ignoring the notice period, and every slot can be booked from the admin', async () => {
    // NOW is Tuesday 1 December 2026, 09:00 in Madrid; a 3-hour notice would hide the morning online.
    const { service } = await clinic.addService({ minNoticeMinutes: 180, durationMinutes: 60, slotIntervalMinutes: 60 })
    const result = await listStaffSlotsFromRequest(database.db, clinic.project, { serviceId: service.id, from: '2026-12-01', to: '2026-12-01' }, clinic.env)
    expect(result.timeZone).toBe('Europe/Madrid')
    expect(result.slots.map(slot => slot.start)).toEqual([
      '2026-12-01T10:00:00+01:00', '2026-12-01T11:00:00+01:00', '2026-12-01T12:00:00+01:00',
      '2026-12-01T15:00:00+01:00', '2026-12-01T16:00:00+01:00', '2026-12-01T17:00:00+01:00', '2026-12-01T18:00:00+01:00',
    ])
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, result.slots[0]!.start, { customer: { name: 'Walk-in', phone: '+34 600 00 00 99' } }), clinic.env, { source: 'admin', actor: SYSTEM_ACTOR })
    expect(booking.startsAt).toEqual(new Date('2026-12-01T09:00:00Z'))
    const after = await listStaffSlotsFromRequest(database.db, clinic.project, { serviceId: service.id, from: '2026-12-01', to: '2026-12-01' }, clinic.env)
    expect(after.slots.map(slot => slot.start)).not.toContain('2026-12-01T10:00:00+01:00')
  })

  it('lengthens the slots by the chosen extras, given as a comma-separated list', async () => {
    const { service } = await clinic.addService({ durationMinutes: 30, slotIntervalMinutes: 30 })
    const extra = await clinic.addExtra({ name: 'Long wash', durationMinutes: 30, serviceIds: [service.id] })
    const result = await listStaffSlotsFromRequest(database.db, clinic.project, { serviceId: service.id, from: '2026-12-02', to: '2026-12-02', extras: `${extra.id}` }, clinic.env)
    expect(result.slots[0]).toMatchObject({ start: '2026-12-02T09:00:00+01:00', end: '2026-12-02T10:00:00+01:00' })
    // The last morning start still ends by 13:00.
    expect(result.slots.filter(slot => slot.start < '2026-12-02T13').at(-1)?.start).toBe('2026-12-02T12:00:00+01:00')
  })

  it('answers bad ranges, unknown services and foreign extras with field errors', async () => {
    const { service } = await clinic.addService()
    const other = await seedBookingProject(database.db, 'clinic-staff-slots-other')
    const { service: foreignService } = await other.addService()
    const foreignExtra = await other.addExtra({ name: 'Not ours' })
    const call = (query: Record<string, unknown>) => failure(listStaffSlotsFromRequest(database.db, clinic.project, { serviceId: service.id, from: '2026-12-01', to: '2026-12-01', ...query }, clinic.env))

    expect((await call({ to: '2026-11-30' })).data.fields).toEqual({ to: 'must not be before from' })
    expect((await call({ from: '2026-02-30', to: '2026-03-01' })).data.fields).toEqual({ from: 'must be a date like 2026-12-07' })
    expect((await call({ to: '2027-02-01' })).data.fields).toEqual({ to: 'must be within 62 days of from (both included)' })
    expect((await call({ from: 'tomorrow' })).data.fields).toMatchObject({ from: 'must be a date like 2026-12-07' })
    expect((await call({ serviceId: foreignService.id })).data.fields).toEqual({ serviceId: 'is not a bookable service of this site' })
    expect((await call({ extras: foreignExtra.id })).data.fields).toEqual({ extras: 'lists an extra not offered with this service' })
    expect((await call({ serviceId: 'nope' })).statusCode).toBe(422)
    // A 62-day range is fine; one in the past is simply empty.
    expect((await listStaffSlotsFromRequest(database.db, clinic.project, { serviceId: service.id, from: '2026-12-01', to: '2027-01-31' }, clinic.env)).slots.length).toBeGreaterThan(0)
    expect((await listStaffSlotsFromRequest(database.db, clinic.project, { serviceId: service.id, from: '2026-11-02', to: '2026-11-30' }, { now: NOW })).slots).toEqual([])
  })
})
