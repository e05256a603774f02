import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookings, outboxMessages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { changeBookingStatus } from './change-booking-status'
import { moveBooking } from './move-booking'
import { openManagedBooking } from './manage'
import { sendDueReminders, type ReminderEnv } from './reminders'
import { createBookingFromRequest } from './testing/from-request'
import { bookingRequest, SECRET, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

const reminderEnv: ReminderEnv = { secret: SECRET, siteOriginFor: slug => `https://${slug}.example` }
const at = (iso: string) => new Date(iso)

// sendDueReminders looks at every project, so this file has a database of its own and each
// test books on its own days: the counts below are exact.
describe('booking reminders', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-reminders')
  })
  afterAll(() => database.drop())

  const remindersOf = (bookingId: string) => database.db.select().from(outboxMessages)
    .where(eq(outboxMessages.template, 'bookings.reminder')).orderBy(outboxMessages.createdAt)
    .then(rows => rows.filter(row => row.text.includes(bookingId)))

  it('sends one reminder 24 hours before the start, and only once', async () => {
    const { service } = await clinic.addService()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T10:00:00+01:00'), clinic.env, { source: 'site' })
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-06T08:59:00Z'))).toBe(0)
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-06T09:00:00Z'))).toBe(1)
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-06T09:01:00Z'))).toBe(0)

    const reminders = await remindersOf(booking.id)
    expect(reminders.map(message => message.to)).toEqual(['ana@example.com'])
    expect(reminders[0]!.subject).toBe('Reminder: Consultation — Monday, 7 December 2026 at 10:00 (Europe/Madrid)')
    expect(Buffer.from(reminders[0]!.attachments[0]!.content, 'base64').toString()).toContain(`UID:${booking.id}@flectar`)
    const token = /\/book\/manage\/([\w.-]+)/.exec(reminders[0]!.text)![1]!
    expect((await openManagedBooking(database.db, token, SECRET)).booking.id).toBe(booking.id)
    const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
    expect(row!.remindersSent).toEqual([1440])
  })

  it('sends no 24-hour reminder for a booking made 2 hours before its start', async () => {
    const { service } = await clinic.addService()
    const env = { ...clinic.env, now: at('2026-12-09T07:00:00Z') }
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-09T10:00:00+01:00'), env, { source: 'site' })
    expect(booking.remindersSent).toEqual([1440])
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-09T07:00:00Z'))).toBe(0)
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-09T08:30:00Z'))).toBe(0)
    expect(await remindersOf(booking.id)).toEqual([])
  })

  it('sends each lead time once, also when two runs race', async () => {
    const { service } = await clinic.addService({ reminderMinutes: [1440, 120] })
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-10T10:00:00+01:00'), clinic.env, { source: 'site' })
    const race = async (iso: string) => (await Promise.all([sendDueReminders(database.db, reminderEnv, at(iso)), sendDueReminders(database.db, reminderEnv, at(iso))])).reduce((a, b) => a + b)
    expect(await race('2026-12-09T09:00:00Z')).toBe(1)
    expect(await race('2026-12-10T06:59:00Z')).toBe(0)
    expect(await race('2026-12-10T07:00:00Z')).toBe(1)
    expect(await race('2026-12-10T08:00:00Z')).toBe(0)
    expect(await remindersOf(booking.id)).toHaveLength(2)
  })

  it('reminds confirmed bookings only, and again after a booking moves', async () => {
    const pendingService = (await clinic.addService({ requiresConfirmation: true })).service
    const pending = await createBookingFromRequest(database.db, clinic.project, bookingRequest(pendingService.id, '2026-12-11T10:00:00+01:00'), clinic.env, { source: 'site' })
    const { service } = await clinic.addService()
    const cancelled = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-11T11:00:00+01:00'), clinic.env, { source: 'site' })
    await changeBookingStatus(database.db, clinic.project, cancelled.booking.id, 'cancel', clinic.env, { by: SYSTEM_ACTOR })
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-10T10:00:00Z'))).toBe(0)
    expect(await remindersOf(pending.booking.id)).toEqual([])

    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-14T10:00:00+01:00'), clinic.env, { source: 'site' })
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-13T09:00:00Z'))).toBe(1)
    await moveBooking(database.db, clinic.project, booking, at('2026-12-16T09:00:00Z'), { ...clinic.env, now: at('2026-12-13T10:00:00Z') }, { by: SYSTEM_ACTOR })
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-15T08:59:00Z'))).toBe(0)
    expect(await sendDueReminders(database.db, reminderEnv, at('2026-12-15T09:00:00Z'))).toBe(1)
    expect((await remindersOf(booking.id)).map(message => message.subject)).toEqual([
      'Reminder: Consultation — Monday, 14 December 2026 at 10:00 (Europe/Madrid)',
      'Reminder: Consultation — Wednesday, 16 December 2026 at 10:00 (Europe/Madrid)',
    ])
  })
})
