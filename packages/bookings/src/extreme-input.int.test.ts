import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { invalidFieldsOf } from '@flectar/errors/testing'
import { listBookings, listBookingsQuerySchema, listCustomers, listCustomersQuerySchema } from './listing'
import { createManageToken } from './manage-token'
import { createBookingFromRequest, listPublicSlotsFromRequest, listStaffSlotsFromRequest, quoteBookingFromRequest, rescheduleByTokenFromRequest } from './testing/from-request'
import { bookingRequest, SECRET, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

// Issue 11, finding 9: each of these reached PostgreSQL or the calendar arithmetic and
// answered 500. Each must be a 422 naming its field, and change nothing.
const NUL = JSON.parse('"\\u0000"') as string

describe('extreme input is a 422 on its field, never an unexpected error', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject
  let serviceId: string

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-extreme')
    serviceId = (await clinic.addService()).service.id
  })
  afterAll(() => database.drop())

  describe('availability', () => {
    const slots = (from: string, to: string) => listPublicSlotsFromRequest(database.db, clinic.project, { serviceId, from, to, timeZone: 'Europe/Madrid' }, { now: clinic.env.now })

    it('lists a normal range', async () => {
      expect((await slots('2026-12-07', '2026-12-07')).slots.length).toBeGreaterThan(0)
    })

    it('refuses years before 1900 and after 2200', async () => {
      expect(await invalidFieldsOf(() => slots('0999-12-30', '0999-12-31'))).toMatchObject({ from: 'must be in the years 1900 to 2200' })
      expect(await invalidFieldsOf(() => slots('9999-12-01', '9999-12-31'))).toMatchObject({ from: 'must be in the years 1900 to 2200', to: 'must be in the years 1900 to 2200' })
      expect(await invalidFieldsOf(() => slots('0001-01-01', '0001-01-01'))).toMatchObject({ from: 'must be in the years 1900 to 2200' })
      expect(await invalidFieldsOf(() => slots('99999-01-01', '99999-01-02'))).toMatchObject({ from: 'must be a date like 2026-12-07' })
      expect(await invalidFieldsOf(() => slots(`2026-12-07${NUL}`, '2026-12-07'))).toMatchObject({ from: 'must be a date like 2026-12-07' })
    })

    it('refuses the same years for staff', async () => {
      expect(await invalidFieldsOf(() => listStaffSlotsFromRequest(database.db, clinic.project, { serviceId, from: '0999-12-30', to: '0999-12-31' }, clinic.env))).toMatchObject({ from: 'must be in the years 1900 to 2200' })
      expect(await invalidFieldsOf(() => listStaffSlotsFromRequest(database.db, clinic.project, { serviceId, from: '9999-12-01', to: '9999-12-31' }, clinic.env))).toMatchObject({ to: 'must be in the years 1900 to 2200' })
    })
  })

  describe('booking, quote and reschedule', () => {
    const book = (overrides: Record<string, unknown>) => createBookingFromRequest(database.db, clinic.project, { ...bookingRequest(serviceId, '2026-12-08T10:00:00+01:00'), ...overrides }, clinic.env, { source: 'site' })

    it('refuses a start in the year 9999, online and by staff', async () => {
      expect(await invalidFieldsOf(() => book({ start: '9999-12-31T10:00:00Z' }))).toEqual({ start: 'must be in the years 1900 to 2200' })
      const staff = createBookingFromRequest(database.db, clinic.project, { ...bookingRequest(serviceId, '9999-12-31T10:00:00Z'), customer: { name: 'Walk-in', phone: '+34600000000' } }, clinic.env, { source: 'admin', actor: SYSTEM_ACTOR })
      expect(await invalidFieldsOf(() => staff)).toEqual({ start: 'must be in the years 1900 to 2200' })
    })

    it('refuses NUL in the customer\'s name, the notes and an answer', async () => {
      const question = await clinic.addRequirement({ kind: 'text', label: 'Anything else?', serviceIds: [serviceId] })
      const before = await clinic.counts()
      expect(await invalidFieldsOf(() => book({ customer: { name: NUL, email: 'nul@example.com' } }))).toEqual({ 'customer.name': 'must not contain control characters such as NUL' })
      expect(await invalidFieldsOf(() => book({ customer: { name: `Ana${NUL}`, email: 'nul@example.com' } }))).toEqual({ 'customer.name': 'must not contain control characters such as NUL' })
      expect(await invalidFieldsOf(() => book({ notes: `Hi${NUL}` }))).toEqual({ notes: 'must not contain control characters such as NUL' })
      expect(Object.keys(await invalidFieldsOf(() => book({ answers: { [question.id]: NUL } })))).toEqual([`answers.${question.id}`])
      expect(await clinic.counts()).toEqual(before)
    })

    it('refuses NUL in a coupon code, booking or quoting', async () => {
      expect(await invalidFieldsOf(() => quoteBookingFromRequest(database.db, clinic.project, { serviceId, couponCode: NUL }))).toEqual({ couponCode: 'must not contain control characters such as NUL' })
      expect(await invalidFieldsOf(() => book({ couponCode: `SPRING${NUL}` }))).toEqual({ couponCode: 'must not contain control characters such as NUL' })
    })

    it('refuses a reschedule to the year 9999', async () => {
      const { booking } = await book({ start: '2026-12-09T10:00:00+01:00' })
      const token = createManageToken(SECRET, booking.id)
      expect(await invalidFieldsOf(() => rescheduleByTokenFromRequest(database.db, token, { start: '9999-12-31T10:00:00Z' }, clinic.env, clinic.project.slug))).toEqual({ start: 'must be in the years 1900 to 2200' })
    })
  })

  describe('staff lists', () => {
    it('refuses NUL in the search of customers and bookings', async () => {
      expect(await invalidFieldsOf(async () => listCustomers(database.db, clinic.scope, parseInput(listCustomersQuerySchema, { q: NUL })))).toEqual({ q: 'must not contain control characters such as NUL' })
      expect(await invalidFieldsOf(async () => listBookings(database.db, clinic.scope, parseInput(listBookingsQuerySchema, { q: NUL })))).toEqual({ q: 'must not contain control characters such as NUL' })
    })

    it('refuses ranges in the year 9999', async () => {
      expect(await invalidFieldsOf(async () => listBookings(database.db, clinic.scope, parseInput(listBookingsQuerySchema, { from: '2026-12-01T00:00:00Z', to: '9999-12-31T10:00:00Z' })))).toEqual({ to: 'must be in the years 1900 to 2200' })
    })
  })
})
