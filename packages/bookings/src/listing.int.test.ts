import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createTestDatabase } from '@flectar/db/testing'
import { listCustomers } from './listing'
import { createBookingFromRequest } from './testing/from-request'
import { bookingRequest, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

describe('listCustomers on a real database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-customers')
  })
  afterAll(() => database.drop())

  it('counts each customer\'s bookings and gives their latest start, searchable by phone', async () => {
    const { service } = await clinic.addService()
    const book = (start: string, customer: Record<string, string>) => createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start, { customer }), clinic.env, { source: 'admin', actor: SYSTEM_ACTOR })
    await book('2026-12-07T10:00:00+01:00', { name: 'Ana García', email: 'ana@example.com' })
    await book('2026-12-09T11:00:00+01:00', { name: 'Ana García', email: 'ana@example.com' })
    await book('2026-12-08T10:00:00+01:00', { name: 'Bo Phone', phone: '+34 600 12 34 56' })
    const other = await seedBookingProject(database.db, 'clinic-customers-other')
    const { service: otherService } = await other.addService()
    await createBookingFromRequest(database.db, other.project, bookingRequest(otherService.id, '2026-12-07T10:00:00+01:00', { customer: { name: 'Ana García', email: 'ana@example.com' } }), other.env, { source: 'admin', actor: SYSTEM_ACTOR })

    const rows = await listCustomers(database.db, clinic.scope, { limit: 100 })
    expect(rows.map(({ name, email, phone, bookingCount, lastBookingAt }) => ({ name, email, phone, bookingCount, lastBookingAt }))).toEqual([
      { name: 'Ana García', email: 'ana@example.com', phone: null, bookingCount: 2, lastBookingAt: '2026-12-09T10:00:00.000Z' },
      { name: 'Bo Phone', email: null, phone: '+34600123456', bookingCount: 1, lastBookingAt: '2026-12-08T09:00:00.000Z' },
    ])
    expect((await listCustomers(database.db, clinic.scope, { q: '600123', limit: 100 })).map(row => row.name)).toEqual(['Bo Phone'])
  })
})
