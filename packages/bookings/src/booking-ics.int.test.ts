import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookings, type outboxMessages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { platformSenderAddress } from '@flectar/messaging'
import type { BookingRow } from './booking-env'
import { changeBookingStatus } from './change-booking-status'
import { expireHolds } from './expire-holds'
import type { ServiceRow } from './load-availability'
import { createManageToken } from './manage-token'
import { moveBooking } from './move-booking'
import { sendDueReminders } from './reminders'
import { cancelByTokenFromRequest, createBookingFromRequest, rescheduleByTokenFromRequest } from './testing/from-request'
import { bookingRequest, outboxOf, SECRET, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

interface IcsProperty { name: string, params: Record<string, string>, value: string }

/** An .ics as its content lines, unfolded (RFC 5545 3.1), parameters unquoted. */
function parseIcs(ics: string): IcsProperty[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean).map((line) => {
    let quoted = false
    let colon = -1
    for (let index = 0; index < line.length && colon < 0; index++) {
      if (line[index] === '"') quoted = !quoted
      else if (line[index] === ':' && !quoted) colon = index
    }
    const [name, ...params] = line.slice(0, colon).split(';')
    return {
      name: name!,
      params: Object.fromEntries(params.map(param => [param.slice(0, param.indexOf('=')), param.slice(param.indexOf('=') + 1).replace(/^"(.*)"$/, '$1')])),
      value: line.slice(colon + 1),
    }
  })
}

/** The calendar's METHOD and its one VEVENT's properties, of a message's booking.ics. */
function icsOf(message: typeof outboxMessages.$inferSelect) {
  const [attachment, ...more] = message.attachments
  expect(more).toEqual([])
  expect(attachment).toMatchObject({ filename: 'booking.ics', contentType: 'text/calendar' })
  const lines = parseIcs(Buffer.from(attachment!.content, 'base64').toString('utf8'))
  const begin = lines.findIndex(line => line.name === 'BEGIN' && line.value === 'VEVENT')
  const end = lines.findIndex(line => line.name === 'END' && line.value === 'VEVENT')
  expect(lines.filter(line => line.name === 'BEGIN' && line.value === 'VEVENT')).toHaveLength(1)
  const event = lines.slice(begin + 1, end)
  const one = (name: string) => {
    const found = event.filter(line => line.name === name)
    expect(found, name).toHaveLength(1)
    return found[0]!
  }
  return {
    method: lines.find(line => line.name === 'METHOD')?.value,
    uid: one('UID').value,
    sequence: one('SEQUENCE').value,
    status: one('STATUS').value,
    organizer: one('ORGANIZER'),
    attendees: event.filter(line => line.name === 'ATTENDEE'),
  }
}

describe('booking.ics: ORGANIZER, ATTENDEE and a SEQUENCE that counts changes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject
  let service: ServiceRow
  let requestService: ServiceRow
  const organizer = () => ({ name: 'ORGANIZER', params: { CN: clinic.project.name }, value: `mailto:${platformSenderAddress()}` })
  // ical-generator writes the scheme of an ATTENDEE in capitals (URI schemes are case-insensitive).
  const customerAttendee = { name: 'ATTENDEE', params: { ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'ACCEPTED', RSVP: 'FALSE', CN: 'Ana García' }, value: 'MAILTO:ana@example.com' }

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-ics')
    service = (await clinic.addService({ name: 'Massage', durationMinutes: 60, cancellationWindowHours: 24 })).service
    requestService = (await clinic.addService({ name: 'Assessment', requiresConfirmation: true })).service
  })
  afterAll(() => database.drop())

  /** The latest message of that kind (its .ics UID tells whose booking it is about). */
  async function lastMessage(template: string) {
    return (await outboxOf(database.db, clinic.project.id)).filter(message => message.template === template).at(-1)!
  }
  const storedSequence = async (id: string) => (await database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!.icsSequence
  const book = (on: ServiceRow, start: string) => createBookingFromRequest(database.db, clinic.project, bookingRequest(on.id, start), clinic.env, { source: 'site' })

  it('starts at 0, adds 1 for each move and for the cancellation, keeps the UID, and names the customer only in the CANCEL', async () => {
    const { booking } = await book(service, '2026-12-07T10:00:00+01:00')
    const uid = `${booking.id}@flectar`
    expect(booking.icsSequence).toBe(0)
    expect(icsOf(await lastMessage('bookings.confirmed'))).toEqual({ method: 'PUBLISH', uid, sequence: '0', status: 'CONFIRMED', organizer: organizer(), attendees: [] })

    // A reminder is no change: the same version again.
    expect(await sendDueReminders(database.db, { secret: SECRET, siteOriginFor: slug => `https://${slug}.example` }, new Date('2026-12-06T09:00:00Z'))).toBe(1)
    expect(icsOf(await lastMessage('bookings.reminder'))).toMatchObject({ method: 'PUBLISH', uid, sequence: '0' })

    const byStaff = await moveBooking(database.db, clinic.project, booking, new Date('2026-12-07T15:00:00Z'), clinic.env, { by: SYSTEM_ACTOR })
    expect(byStaff.icsSequence).toBe(1)
    expect(icsOf(await lastMessage('bookings.rescheduled'))).toEqual({ method: 'PUBLISH', uid, sequence: '1', status: 'CONFIRMED', organizer: organizer(), attendees: [] })

    const token = createManageToken(SECRET, booking.id)
    await rescheduleByTokenFromRequest(database.db, token, { start: '2026-12-08T10:00:00+01:00' }, clinic.env)
    expect(await storedSequence(booking.id)).toBe(2)
    expect(icsOf(await lastMessage('bookings.rescheduled'))).toMatchObject({ method: 'PUBLISH', uid, sequence: '2' })

    await cancelByTokenFromRequest(database.db, token, {}, clinic.env)
    expect(await storedSequence(booking.id)).toBe(3)
    expect(icsOf(await lastMessage('bookings.cancelled'))).toEqual({ method: 'CANCEL', uid, sequence: '3', status: 'CANCELLED', organizer: organizer(), attendees: [customerAttendee] })
  })

  it('sends a request as TENTATIVE at 0, and its confirmation at 1', async () => {
    const { booking } = await book(requestService, '2026-12-09T10:00:00+01:00')
    expect(icsOf(await lastMessage('bookings.requested'))).toEqual({ method: 'PUBLISH', uid: `${booking.id}@flectar`, sequence: '0', status: 'TENTATIVE', organizer: organizer(), attendees: [] })
    const confirmed = await changeBookingStatus(database.db, clinic.project, booking.id, 'confirm', clinic.env, { by: SYSTEM_ACTOR })
    expect(confirmed.icsSequence).toBe(1)
    expect(icsOf(await lastMessage('bookings.confirmed'))).toMatchObject({ method: 'PUBLISH', sequence: '1', status: 'CONFIRMED' })
    // Attendance is not the calendar's business: no email, no new version.
    const completed = await changeBookingStatus(database.db, clinic.project, booking.id, 'complete', { ...clinic.env, now: new Date('2026-12-09T12:00:00Z') }, { by: SYSTEM_ACTOR })
    expect(completed.icsSequence).toBe(1)
  })

  it('cancels a declined request\'s tentative event at 1', async () => {
    const { booking } = await book(requestService, '2026-12-10T10:00:00+01:00')
    await changeBookingStatus(database.db, clinic.project, booking.id, 'reject', clinic.env, { by: SYSTEM_ACTOR, reason: 'Fully booked' })
    expect(icsOf(await lastMessage('bookings.rejected'))).toEqual({ method: 'CANCEL', uid: `${booking.id}@flectar`, sequence: '1', status: 'CANCELLED', organizer: organizer(), attendees: [customerAttendee] })
  })

  it('counts an expired payment hold as its cancellation, and a paid one starts at 0', async () => {
    const { service: deposit } = await clinic.addService({ name: 'Deposit', depositKind: 'fixed', depositValue: 500 })
    const hold = async (start: string) => (await createBookingFromRequest(database.db, clinic.project, bookingRequest(deposit.id, start), clinic.env, { source: 'site', paymentHoldMinutes: 15 })).booking
    const expired: BookingRow = await hold('2026-12-11T10:00:00+01:00')
    expect(await expireHolds(database.db, new Date(expired.holdExpiresAt!.getTime() + 1000))).toBe(1)
    expect(await storedSequence(expired.id)).toBe(1)

    const paid = await hold('2026-12-11T12:00:00+01:00')
    await changeBookingStatus(database.db, clinic.project, paid.id, 'confirm', clinic.env, { by: SYSTEM_ACTOR })
    expect(icsOf(await lastMessage('bookings.confirmed'))).toMatchObject({ method: 'PUBLISH', sequence: '0', status: 'CONFIRMED' })
  })
})
