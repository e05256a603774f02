import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createTestDatabase } from '@flectar/db/testing'
import { InvalidInputError, parseInput } from '@flectar/errors'
import { DEFAULT_NOTIFICATION_SETTINGS, getNotificationSettings, notificationSettingsSchema, recordInboundMessage, saveNotificationSettings, type NotificationSettingsInput } from '@flectar/messaging'
import { contactFormSchema, notifyOwnersOfMessage, submitContactForm } from '@flectar/sites'
import { changeBookingStatus } from './change-booking-status'
import { sendDueReminders } from './reminders'
import { createBookingFromRequest } from './testing/from-request'
import { bookingRequest, outboxOf, SECRET, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

const reminderEnv = { secret: SECRET, siteOriginFor: (slug: string) => `https://${slug}.example` }

// sendDueReminders looks at every project: each test has a project of its own and books on its
// own day, and reads only its project's outbox.
describe('notification settings (P23)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database.drop())

  async function clinicWith(slug: string, settings: Partial<NotificationSettingsInput> & { eventsOff?: (keyof NotificationSettingsInput['events'])[] }): Promise<BookingProject> {
    const clinic = await seedBookingProject(database.db, slug)
    const { eventsOff = [], ...rest } = settings
    const events = { ...DEFAULT_NOTIFICATION_SETTINGS.events }
    for (const event of eventsOff) events[event] = { email: false, sms: false, whatsapp: false }
    await saveNotificationSettings(database.db, clinic.scope, { ...DEFAULT_NOTIFICATION_SETTINGS, ...rest, events })
    return clinic
  }
  const templatesOf = async (clinic: BookingProject) => (await outboxOf(database.db, clinic.project.id)).map(message => message.template)

  it('sends everything, as before, to a project that never saved settings', async () => {
    const clinic = await seedBookingProject(database.db, 'notify-defaults')
    expect(await getNotificationSettings(database.db, clinic.scope)).toEqual(DEFAULT_NOTIFICATION_SETTINGS)
    const { service } = await clinic.addService()
    await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T10:00:00+01:00'), clinic.env, { source: 'site' })
    await sendDueReminders(database.db, reminderEnv, new Date('2026-12-06T09:00:00Z'))
    expect(await templatesOf(clinic)).toEqual(['bookings.confirmed', 'bookings.owner_created', 'bookings.reminder'])
  })

  it('sends the customer nothing with the master switch on: no confirmation, no reminder', async () => {
    const clinic = await clinicWith('notify-nothing', { sendNothing: true })
    const { service } = await clinic.addService()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-08T10:00:00+01:00'), clinic.env, { source: 'site' })
    expect(booking.status).toBe('confirmed')
    await sendDueReminders(database.db, reminderEnv, new Date('2026-12-07T09:00:00Z'))
    await changeBookingStatus(database.db, clinic.project, booking.id, 'cancel', clinic.env, { by: SYSTEM_ACTOR })
    const outbox = await outboxOf(database.db, clinic.project.id)
    expect(outbox.filter(message => message.to === 'ana@example.com')).toEqual([])
    // The owners' notice is their own setting, not a message to the customer.
    expect(outbox.map(message => message.template)).toEqual(['bookings.owner_created'])
  })

  it('holds back only the events switched off', async () => {
    const clinic = await clinicWith('notify-some', { eventsOff: ['booking_confirmed'] })
    const { service } = await clinic.addService()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-09T10:00:00+01:00'), clinic.env, { source: 'site' })
    await sendDueReminders(database.db, reminderEnv, new Date('2026-12-08T09:00:00Z'))
    await changeBookingStatus(database.db, clinic.project, booking.id, 'cancel', clinic.env, { by: SYSTEM_ACTOR })
    expect(await templatesOf(clinic)).toEqual(['bookings.owner_created', 'bookings.reminder', 'bookings.cancelled'])
  })

  it('tells owners of nothing when their notices are off, and of new bookings and messages when on', async () => {
    const quiet = await clinicWith('notify-owners-off', { ownerNewBooking: false, ownerNewMessage: false })
    const loud = await seedBookingProject(database.db, 'notify-owners-on')
    for (const [clinic, day] of [[quiet, '10'], [loud, '11']] as const) {
      const { service } = await clinic.addService()
      await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, `2026-12-${day}T10:00:00+01:00`), clinic.env, { source: 'site' })
      const recorded = await recordInboundMessage(database.db, clinic.scope, { channel: 'sms', from: { name: 'Ana', phone: '+34600000001' }, body: 'Can I come earlier?' })
      await notifyOwnersOfMessage(database.db, { ...recorded, ...clinic.scope }, 'sms', 'https://admin.example/inbox')
      const form = contactFormSchema.parse({ blockId: 'contact', pagePath: '/contact', name: 'Bea', email: 'bea@example.com', message: 'Do you open on Saturdays?' })
      await submitContactForm(database.db, clinic.project, form, { inboxUrl: id => `https://admin.example/inbox/${id}` })
    }
    expect(await templatesOf(quiet)).toEqual(['bookings.confirmed'])
    expect(await templatesOf(loud)).toEqual(['bookings.confirmed', 'bookings.owner_created', 'inbox.new_message', 'sites.contact_message'])
  })

  it('refuses settings that are not on or off, by field', () => {
    const refused = (() => {
      try {
        parseInput(notificationSettingsSchema, { sendNothing: 'yes', events: { reminder: { email: 1 } }, ownerNewBooking: true })
      }
      catch (error) {
        return error
      }
    })()
    expect(refused).toBeInstanceOf(InvalidInputError)
    expect(Object.keys((refused as InvalidInputError).data.fields!).sort()).toEqual(['events.reminder.email', 'ownerNewMessage', 'sendNothing'])
  })
})
