import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationMessages, outboxMessages, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { channelSettingsSchemas, DEFAULT_NOTIFICATION_SETTINGS, recordOptOut, saveChannelSettings, saveNotificationSettings } from '@flectar/messaging'
import { createKeyRing } from '@flectar/security'
import { changeBookingStatus } from './change-booking-status'
import { createBookingFromRequest } from './testing/from-request'
import { bookingRequest, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

const keyRing = createKeyRing(randomBytes(32).toString('base64'))

describe('customer notices by SMS and WhatsApp, where the project switched them on', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let salon: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    salon = await seedBookingProject(database.db, 'salon-texts')
    await saveChannelSettings(database.db, keyRing, salon.scope, 'sms', channelSettingsSchemas.sms.parse({ enabled: true, accountSid: `AC${'1'.repeat(32)}`, fromNumber: '+34600000001', authToken: 'sms-secret' }))
    await saveChannelSettings(database.db, keyRing, salon.scope, 'whatsapp', channelSettingsSchemas.whatsapp.parse({ enabled: true, phoneNumberId: '1234567890', defaultTemplate: 'booking_update', templateLanguage: 'es', accessToken: 'wa-secret' }))
  })
  afterAll(() => database.drop())

  const textsTo = (phone: string) => database.db.select().from(outboxMessages)
    .where(and(eq(outboxMessages.projectId, salon.project.id), eq(outboxMessages.to, phone)))
    .orderBy(outboxMessages.createdAt)
  const book = async (start: string, phone: string, email = `${phone.slice(-4)}@example.com`) => {
    const { service } = await salon.addService()
    return createBookingFromRequest(database.db, salon.project, bookingRequest(service.id, start, { customer: { name: 'Ana García', email, phone } }), salon.env, { source: 'site' })
  }
  const textsOn = async (events: Array<'booking_confirmed' | 'booking_cancelled' | 'reminder'>, channels: { sms?: boolean, whatsapp?: boolean }) => {
    const settings = structuredClone(DEFAULT_NOTIFICATION_SETTINGS)
    for (const event of events) settings.events[event] = { email: true, sms: channels.sms ?? false, whatsapp: channels.whatsapp ?? false }
    await saveNotificationSettings(database.db, salon.scope, settings)
  }

  it('sends nothing by text until the owner switches a channel on for the event', async () => {
    await saveNotificationSettings(database.db, salon.scope, DEFAULT_NOTIFICATION_SETTINGS)
    await book('2026-12-07T10:00:00+01:00', '+34 611 000 001')
    expect(await textsTo('+34611000001')).toEqual([])
  })

  it('texts the confirmation and the cancellation, with the manage link while it stands, and files them in the customer\'s thread', async () => {
    await textsOn(['booking_confirmed', 'booking_cancelled'], { sms: true })
    const { booking, manageUrl } = await book('2026-12-07T11:00:00+01:00', '+34 611 000 002')
    await changeBookingStatus(database.db, salon.project, booking.id, 'cancel', salon.env, { by: 'customer' })
    const texts = await textsTo('+34611000002')
    expect(texts.map(text => [text.channel, text.template])).toEqual([['sms', 'bookings.confirmed'], ['sms', 'bookings.cancelled']])
    expect(texts[0]!.text).toBe(`Clinic salon-texts: Your booking is confirmed. Consultation, 7 Dec 2026, 11:00. Change or cancel: ${manageUrl}`)
    expect(texts[1]!.text).not.toContain('/book/manage/')
    const thread = await database.db.select().from(conversationMessages).where(eq(conversationMessages.outboxMessageId, texts[0]!.id))
    expect(thread).toEqual([expect.objectContaining({ direction: 'outbound', channel: 'sms', status: 'queued' })])
  })

  it('never texts a number that replied STOP, and still emails', async () => {
    await textsOn(['booking_confirmed'], { sms: true })
    await recordOptOut(database.db, salon.project.id, 'sms', '+34611000003', 'stop')
    await book('2026-12-07T12:00:00+01:00', '+34 611 000 003', 'stopped@example.com')
    expect(await textsTo('+34611000003')).toEqual([])
    expect((await database.db.select().from(outboxMessages).where(eq(outboxMessages.to, 'stopped@example.com'))).map(row => row.template)).toContain('bookings.confirmed')
  })

  it('sends WhatsApp notices in the approved template outside the 24-hour window', async () => {
    await textsOn(['booking_confirmed'], { whatsapp: true })
    await book('2026-12-07T15:00:00+01:00', '+34 611 000 004')
    const [text] = await textsTo('+34611000004')
    expect(text).toMatchObject({ channel: 'whatsapp', whatsappTemplate: { name: 'booking_update', languageCode: 'es', bodyParameters: [expect.stringContaining('Your booking is confirmed.')] } })
  })

  it('sends no text at all with "send nothing to customers" on', async () => {
    await textsOn(['booking_confirmed'], { sms: true, whatsapp: true })
    await saveNotificationSettings(database.db, salon.scope, { ...structuredClone(DEFAULT_NOTIFICATION_SETTINGS), sendNothing: true, events: { ...DEFAULT_NOTIFICATION_SETTINGS.events, booking_confirmed: { email: true, sms: true, whatsapp: true } } })
    await book('2026-12-07T16:00:00+01:00', '+34 611 000 005')
    expect(await textsTo('+34611000005')).toEqual([])
  })
})

describe('owners\' notices by WhatsApp, when the project switched them on', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let studio: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    studio = await seedBookingProject(database.db, 'studio-owner-texts')
    await database.db.update(users).set({ phone: '+34 622 000 001' }).where(eq(users.id, studio.owner.id))
    await saveChannelSettings(database.db, keyRing, studio.scope, 'whatsapp', channelSettingsSchemas.whatsapp.parse({ enabled: true, phoneNumberId: '1234567891', defaultTemplate: 'owner_notice', templateLanguage: 'en', accessToken: 'wa-secret' }))
  })
  afterAll(() => database.drop())

  const book = async (start: string) => {
    const { service } = await studio.addService()
    return createBookingFromRequest(database.db, studio.project, bookingRequest(service.id, start, { customer: { name: 'Lola Vidal', email: 'lola@example.com' } }), studio.env, { source: 'site' })
  }
  const toOwner = () => database.db.select().from(outboxMessages).where(and(eq(outboxMessages.projectId, studio.project.id), eq(outboxMessages.to, '+34622000001')))

  it('emails only, until "Also by WhatsApp" is on; then the owner with a phone gets the new booking in the template', async () => {
    await saveNotificationSettings(database.db, studio.scope, DEFAULT_NOTIFICATION_SETTINGS)
    await book('2026-12-08T10:00:00+01:00')
    expect(await toOwner()).toEqual([])
    await saveNotificationSettings(database.db, studio.scope, { ...DEFAULT_NOTIFICATION_SETTINGS, ownerWhatsapp: true })
    await book('2026-12-08T11:00:00+01:00')
    const [notice] = await toOwner()
    expect(notice).toMatchObject({ channel: 'whatsapp', template: 'bookings.owner_created', whatsappTemplate: { name: 'owner_notice', languageCode: 'en' } })
    expect(notice!.text).toContain('New booking — Lola Vidal, Consultation')
    // The editor has no phone and no owner role: nothing else went by WhatsApp.
    expect((await database.db.select().from(outboxMessages).where(and(eq(outboxMessages.projectId, studio.project.id), eq(outboxMessages.channel, 'whatsapp'))))).toHaveLength(1)
  })
})
