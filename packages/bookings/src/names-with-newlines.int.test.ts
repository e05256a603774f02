import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { customers } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { updateCustomer } from './listing'
import { updateCustomerSchema } from './schemas'
import { createManageToken } from './manage-token'
import { cancelByTokenFromRequest, createBookingFromRequest, rescheduleByTokenFromRequest } from './testing/from-request'
import { bookingRequest, outboxOf, SECRET, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

// Issue 11, finding 8: a newline in a customer's or a service's name made every email about
// the booking fail the outbox's single-line subject rule, so the booking itself failed (422).
describe('names holding a newline never block a booking', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-newlines')
  })
  afterAll(() => database.drop())

  async function subjectsSince(since: number) {
    return (await outboxOf(database.db, clinic.project.id)).slice(since).map(message => [message.template, message.subject])
  }

  it('books a service whose stored name holds a newline, with one-line subjects', async () => {
    // Written straight into the database, as rows from before validation are.
    const { service } = await clinic.addService({ name: 'Cut\nand dry' })
    const since = (await clinic.counts()).outbox
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T10:00:00+01:00'), clinic.env, { source: 'site' })
    expect(booking).toMatchObject({ status: 'confirmed', serviceName: 'Cut\nand dry' })
    expect((await subjectsSince(since)).sort()).toEqual([
      ['bookings.confirmed', 'Booking confirmed: Cut and dry — Monday, 7 December 2026 at 10:00 (Europe/Madrid)'],
      ['bookings.owner_created', 'New booking: Ana García, Monday, 7 December 2026 at 10:00 (Europe/Madrid)'],
    ])
  })

  it('lets a customer stored as "Eve\\nSmith" book, reschedule and cancel online', async () => {
    const { service } = await clinic.addService()
    await database.db.insert(customers).values({ ...clinic.scope, name: 'Eve\nSmith', email: 'eve@example.com' })
    const customer = { name: 'Eve Smith', email: 'eve@example.com' }
    const since = (await clinic.counts()).outbox

    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-08T10:00:00+01:00', { customer }), clinic.env, { source: 'site' })
    const token = createManageToken(SECRET, booking.id)
    await rescheduleByTokenFromRequest(database.db, token, { start: '2026-12-08T11:00:00+01:00' }, clinic.env, clinic.project.slug)
    const cancelled = await cancelByTokenFromRequest(database.db, token, {}, clinic.env, clinic.project.slug)

    expect(cancelled.status).toBe('cancelled')
    const ownerSubjects = (await subjectsSince(since)).filter(([template]) => template!.startsWith('bookings.owner_')).map(([, subject]) => subject)
    expect(ownerSubjects).toEqual([
      'New booking: Eve Smith, Tuesday, 8 December 2026 at 10:00 (Europe/Madrid)',
      'Booking moved by the customer: Eve Smith, Tuesday, 8 December 2026 at 11:00 (Europe/Madrid)',
      'Booking cancelled by the customer: Eve Smith, Tuesday, 8 December 2026 at 11:00 (Europe/Madrid)',
    ])
  })

  it('stores a name typed with a newline as one line, when a visitor books or staff rename', async () => {
    const { service } = await clinic.addService()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-09T10:00:00+01:00', {
      customer: { name: 'Eve\nSmith', email: 'eve.new@example.com' },
    }), clinic.env, { source: 'site' })
    const [stored] = await database.db.select().from(customers).where(eq(customers.id, booking.customerId!))
    expect(stored!.name).toBe('Eve Smith')

    const renamed = await updateCustomer(database.db, clinic.scope, stored!.id, parseInput(updateCustomerSchema, { name: ' Eve\r\n\tSmith ', notes: 'Line one\r\nLine two' }), SYSTEM_ACTOR)
    expect(renamed).toMatchObject({ name: 'Eve Smith', notes: 'Line one\nLine two' })
  })
})
