import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookings, outboxMessages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { dayRangeInZone, formatInZone } from '@flectar/time'
import type { BookingRow } from './booking-env'
import { changeBookingStatus } from './change-booking-status'
import { listAvailableSlots } from './list-available-slots'
import type { ServiceRow } from './load-availability'
import { openManagedBooking } from './manage'
import { createManageToken } from './manage-token'
import { cancelByTokenFromRequest, createBookingFromRequest, rescheduleByTokenFromRequest } from './testing/from-request'
import { bookingRequest, failure, NOW, outboxOf, SECRET, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

const HOUR = 3_600_000
const icsOf = (message: typeof outboxMessages.$inferSelect) => Buffer.from(message.attachments[0]!.content, 'base64').toString('utf8')
const tokenIn = (text: string) => /\/book\/manage\/([\w.-]+)/.exec(text)?.[1]

describe('after booking: emails, the manage link and staff changes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject
  let elsewhere: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-manage')
    elsewhere = await seedBookingProject(database.db, 'clinic-elsewhere')
  })
  afterAll(() => database.drop())

  /** Messages queued since `since` (an outbox count of the project). */
  async function newMessages(projectId: string, since: number) {
    return (await outboxOf(database.db, projectId)).slice(since)
  }

  async function bookAt(service: ServiceRow, start: string, customer = { name: 'Ana García', email: 'ana@example.com' }) {
    return createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start, { customer }), clinic.env, { source: 'site' })
  }

  async function freeStarts(service: ServiceRow, date: string, now = NOW) {
    const slots = (await listAvailableSlots(database.db, service, { ...dayRangeInZone(date, date, 'Europe/Madrid'), now })).slots
    return slots.map(slot => formatInZone(slot.start, 'Europe/Madrid'))
  }

  describe('emails', () => {
    it('confirms to the customer only, with booking.ics, and tells the org owner', async () => {
      const { service } = await clinic.addService()
      await elsewhere.addService()
      await bookAt(service, '2026-12-07T09:00:00+01:00', { name: 'Bruno Díaz', email: 'bruno@example.com' })
      const allBefore = await database.db.select().from(outboxMessages)
      const since = (await clinic.counts()).outbox
      const { booking, manageUrl } = await bookAt(service, '2026-12-07T10:00:00+01:00')

      const messages = await newMessages(clinic.project.id, since)
      expect(messages.map(message => [message.template, message.to]).sort()).toEqual([
        ['bookings.confirmed', 'ana@example.com'],
        ['bookings.owner_created', 'owner@clinic-manage.example'],
      ])
      // Nothing to anyone else, in this project or any other.
      expect(await database.db.select().from(outboxMessages)).toHaveLength(allBefore.length + 2)

      const confirmation = messages.find(message => message.template === 'bookings.confirmed')!
      expect(confirmation.subject).toBe('Booking confirmed: Consultation — Monday, 7 December 2026 at 10:00 (Europe/Madrid)')
      expect(confirmation.text).not.toContain('Bruno')
      expect(confirmation.attachments).toEqual([{ filename: 'booking.ics', contentType: 'text/calendar', content: expect.any(String) }])
      const ics = icsOf(confirmation)
      expect(ics).toContain('BEGIN:VCALENDAR')
      expect(ics).toContain(`UID:${booking.id}@flectar`)
      // 10:00 in Madrid is 09:00 UTC; the event must land there in any calendar, whatever zone the server runs in.
      expect(ics).toMatch(/^DTSTART:20261207T090000Z\r$/m)
      expect(ics).toMatch(/^DTEND:20261207T093000Z\r$/m)

      const owner = messages.find(message => message.template === 'bookings.owner_created')!
      expect(owner.attachments).toEqual([])
      expect(owner.text).toContain('Ana García')

      // The link in the email opens this booking, and only with an untouched token.
      expect(confirmation.text).toContain(manageUrl)
      const token = tokenIn(confirmation.text)!
      const opened = await openManagedBooking(database.db, token, SECRET)
      expect(opened.booking.id).toBe(booking.id)
      expect(opened.policyEndsAt).toEqual(new Date(booking.startsAt.getTime() - 24 * HOUR))
      const tampered = token.slice(0, -1) + (token.at(-1) === 'A' ? 'B' : 'A')
      for (const bad of [tampered, `${booking.id}.`, createManageToken('another-secret', booking.id), token.replace(booking.id.slice(0, 8), '00000000')]) {
        expect(await failure(openManagedBooking(database.db, bad, SECRET))).toMatchObject({ statusCode: 404, data: { code: 'booking_not_found' } })
      }
      expect(await failure(openManagedBooking(database.db, token, SECRET, 'clinic-elsewhere'))).toMatchObject({ statusCode: 404 })
    })

    it('writes times in the zone the customer booked in', async () => {
      const { service } = await clinic.addService()
      const since = (await clinic.counts()).outbox
      await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T04:00:00-05:00', { timeZone: 'America/New_York', customer: { name: 'Ned', email: 'ned@example.com' } }), clinic.env, { source: 'site' })
      const [confirmation] = (await newMessages(clinic.project.id, since)).filter(message => message.to === 'ned@example.com')
      expect(confirmation!.subject).toBe('Booking confirmed: Consultation — Monday, 7 December 2026 at 04:00 (America/New_York)')
    })
  })

  describe('the manage link', () => {
    let service: ServiceRow
    beforeAll(async () => {
      service = (await clinic.addService({ name: 'Massage', durationMinutes: 60, cancellationWindowHours: 24 })).service
    })
    const tokenOf = (booking: BookingRow) => createManageToken(SECRET, booking.id)

    it('reschedules: the old slot is free again, the new one taken, and the customer told', async () => {
      const { booking } = await bookAt(service, '2026-12-09T10:00:00+01:00')
      const since = (await clinic.counts()).outbox
      const moved = await rescheduleByTokenFromRequest(database.db, tokenOf(booking), { start: '2026-12-09T16:00:00+01:00' }, clinic.env, 'clinic-manage')

      expect(moved).toMatchObject({ id: booking.id, status: 'confirmed', start: '2026-12-09T16:00:00+01:00', end: '2026-12-09T17:00:00+01:00', changeableUntil: '2026-12-08T15:00:00.000Z' })
      const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
      expect(row!.blocked).toEqual({ start: new Date('2026-12-09T15:00:00Z'), end: new Date('2026-12-09T16:00:00Z') })
      const starts = await freeStarts(service, '2026-12-09')
      expect(starts).toContain('2026-12-09T10:00:00+01:00')
      expect(starts).not.toContain('2026-12-09T16:00:00+01:00')
      expect(starts).not.toContain('2026-12-09T15:30:00+01:00')

      const messages = await newMessages(clinic.project.id, since)
      expect(messages.map(message => [message.template, message.to]).sort()).toEqual([
        ['bookings.owner_rescheduled', 'owner@clinic-manage.example'],
        ['bookings.rescheduled', 'ana@example.com'],
      ])
      const ics = icsOf(messages.find(message => message.template === 'bookings.rescheduled')!)
      expect(ics).toContain(`UID:${booking.id}@flectar`)
      expect(ics).toMatch(/^DTSTART:20261209T150000Z\r$/m)
    })

    it('answers 409 with alternatives when the new time is taken, and leaves the booking as it was', async () => {
      const { booking } = await bookAt(service, '2026-12-10T10:00:00+01:00')
      await bookAt(service, '2026-12-10T12:00:00+01:00', { name: 'Bruno', email: 'bruno@example.com' })
      const error = await failure(rescheduleByTokenFromRequest(database.db, tokenOf(booking), { start: '2026-12-10T12:00:00+01:00' }, clinic.env))
      expect(error).toMatchObject({ statusCode: 409, data: { code: 'slot_unavailable' } })
      // The booking's own time counts as free: it is the one moving.
      const alternatives = (error.data.alternatives as Array<{ start: string }>).map(slot => slot.start)
      expect(alternatives).toEqual(['10:00', '10:15', '10:30', '10:45', '11:00'].map(time => `2026-12-10T${time}:00+01:00`))
      const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
      expect(row!.startsAt).toEqual(new Date('2026-12-10T09:00:00Z'))
    })

    it('cancels within the window and frees the slot; a cancelled booking cannot be moved', async () => {
      const { booking } = await bookAt(service, '2026-12-11T10:00:00+01:00')
      const since = (await clinic.counts()).outbox
      const cancelled = await cancelByTokenFromRequest(database.db, tokenOf(booking), { reason: 'Feeling better' }, { ...clinic.env, now: new Date('2026-12-10T08:59:00Z') })
      expect(cancelled).toMatchObject({ id: booking.id, status: 'cancelled', changeableUntil: null })
      const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
      expect(row).toMatchObject({ status: 'cancelled', cancelReason: 'Feeling better' })
      expect(await freeStarts(service, '2026-12-11')).toContain('2026-12-11T10:00:00+01:00')

      const messages = await newMessages(clinic.project.id, since)
      expect(messages.map(message => [message.template, message.to]).sort()).toEqual([
        ['bookings.cancelled', 'ana@example.com'],
        ['bookings.owner_cancelled', 'owner@clinic-manage.example'],
      ])
      expect(icsOf(messages.find(message => message.template === 'bookings.cancelled')!)).toContain('METHOD:CANCEL')

      expect(await failure(rescheduleByTokenFromRequest(database.db, tokenOf(booking), { start: '2026-12-11T16:00:00+01:00' }, clinic.env)))
        .toMatchObject({ statusCode: 409, data: { code: 'booking_not_active' } })
      expect(await failure(cancelByTokenFromRequest(database.db, tokenOf(booking), {}, clinic.env)))
        .toMatchObject({ statusCode: 409, data: { code: 'booking_not_active' } })
    })

    it('refuses to cancel or move online once inside the cancellation window', async () => {
      const { booking } = await bookAt(service, '2026-12-14T10:00:00+01:00')
      const late = { ...clinic.env, now: new Date('2026-12-13T09:01:00Z') }
      expect(await failure(cancelByTokenFromRequest(database.db, tokenOf(booking), {}, late))).toMatchObject({ statusCode: 409, data: { code: 'outside_policy_window' } })
      expect(await failure(rescheduleByTokenFromRequest(database.db, tokenOf(booking), { start: '2026-12-15T10:00:00+01:00' }, late))).toMatchObject({ statusCode: 409, data: { code: 'outside_policy_window' } })
      const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
      expect(row).toMatchObject({ status: 'confirmed', startsAt: new Date('2026-12-14T09:00:00Z') })
    })

    it('refuses a token of one project on another project\'s site', async () => {
      const { booking } = await bookAt(service, '2026-12-15T10:00:00+01:00')
      expect(await failure(cancelByTokenFromRequest(database.db, tokenOf(booking), {}, clinic.env, 'clinic-elsewhere'))).toMatchObject({ statusCode: 404 })
      const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
      expect(row!.status).toBe('confirmed')
    })
  })

  describe('staff status changes', () => {
    let pendingService: ServiceRow
    beforeAll(async () => {
      pendingService = (await clinic.addService({ name: 'Assessment', requiresConfirmation: true })).service
    })
    const change = (booking: BookingRow, to: Parameters<typeof changeBookingStatus>[3], now = NOW, reason?: string) =>
      changeBookingStatus(database.db, clinic.project, booking.id, to, { ...clinic.env, now }, { reason, by: SYSTEM_ACTOR })

    it('confirms a pending booking and tells the customer', async () => {
      const { booking } = await bookAt(pendingService, '2026-12-16T10:00:00+01:00')
      const since = (await clinic.counts()).outbox
      const confirmed = await change(booking, 'confirm', new Date('2026-12-01T10:00:00Z'))
      expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: new Date('2026-12-01T10:00:00Z') })
      const messages = await newMessages(clinic.project.id, since)
      expect(messages.map(message => [message.template, message.to])).toEqual([['bookings.confirmed', 'ana@example.com']])
      expect(icsOf(messages[0]!)).toContain(`UID:${booking.id}@flectar`)
    })

    it('rejects a pending booking with a reason, frees its slot and tells the customer', async () => {
      const { booking } = await bookAt(pendingService, '2026-12-16T11:00:00+01:00')
      const since = (await clinic.counts()).outbox
      expect(await change(booking, 'reject', NOW, 'Fully booked that week')).toMatchObject({ status: 'rejected', cancelReason: 'Fully booked that week', cancelledAt: NOW })
      const messages = await newMessages(clinic.project.id, since)
      expect(messages.map(message => [message.template, message.to])).toEqual([['bookings.rejected', 'ana@example.com']])
      expect(messages[0]!.text).toContain('Reason: Fully booked that week')
      expect(await freeStarts(pendingService, '2026-12-16')).toContain('2026-12-16T11:00:00+01:00')
    })

    it('records attendance only once the booking has started', async () => {
      const { booking } = await bookAt(pendingService, '2026-12-16T12:00:00+01:00')
      await change(booking, 'confirm')
      expect(await failure(change(booking, 'complete'))).toMatchObject({ statusCode: 409, data: { code: 'not_started' } })
      expect(await failure(change(booking, 'no_show'))).toMatchObject({ statusCode: 409, data: { code: 'not_started' } })
      const since = (await clinic.counts()).outbox
      const started = new Date('2026-12-16T11:05:00Z')
      expect((await change(booking, 'no_show', started)).status).toBe('no_show')
      expect((await change(booking, 'complete', started)).status).toBe('completed')
      expect((await clinic.counts()).outbox).toBe(since)
    })

    it('answers 409 to transitions that make no sense, and 404 to another project\'s booking', async () => {
      const { booking } = await bookAt(pendingService, '2026-12-17T10:00:00+01:00')
      expect(await failure(change(booking, 'complete', new Date('2026-12-17T10:00:00Z')))).toMatchObject({ statusCode: 409, data: { code: 'invalid_transition' } })
      await change(booking, 'confirm')
      for (const to of ['confirm', 'reject'] as const) {
        expect(await failure(change(booking, to))).toMatchObject({ statusCode: 409, data: { code: 'invalid_transition' } })
      }
      await change(booking, 'cancel', NOW, 'Staff ill')
      for (const to of ['confirm', 'reject', 'cancel', 'complete', 'no_show'] as const) {
        expect(await failure(change(booking, to, new Date('2026-12-18T00:00:00Z')))).toMatchObject({ statusCode: 409, data: { code: 'invalid_transition' } })
      }
      expect(await failure(changeBookingStatus(database.db, elsewhere.project, booking.id, 'confirm', elsewhere.env, { by: SYSTEM_ACTOR }))).toMatchObject({ statusCode: 404 })
    })
  })
})
