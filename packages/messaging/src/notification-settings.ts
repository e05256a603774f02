import { eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { CUSTOMER_NOTIFICATION_EVENTS, notificationSettings, type CustomerNotificationEvent, type DbOrTx } from '@flectar/db'
import type { ProjectScope } from './conversations/customers'

/** Channels a customer notice can go on: email, and texts on the channels a project connected. */
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'whatsapp'] as const
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]

const onOff = z.boolean({ error: 'Choose on or off' })
// Email is on and texts are off until the owner chooses: texts cost money and need a number.
const DEFAULT_EVENT = { email: true, sms: false, whatsapp: false }
const eventSchema = z.object({ email: onOff, sms: onOff.default(false), whatsapp: onOff.default(false) }).default(DEFAULT_EVENT)

/** A PUT replaces the settings: an event left out is on, as it is for a project that never saved any. */
export const notificationSettingsSchema = z.object({
  sendNothing: onOff,
  events: z.object(Object.fromEntries(CUSTOMER_NOTIFICATION_EVENTS.map(event => [event, eventSchema])) as Record<CustomerNotificationEvent, typeof eventSchema>)
    .default(defaultEvents()),
  ownerNewBooking: onOff,
  ownerNewMessage: onOff,
  ownerWhatsapp: onOff.default(false),
})
export type NotificationSettingsInput = z.output<typeof notificationSettingsSchema>
export type NotificationSettings = NotificationSettingsInput

type Events = Record<CustomerNotificationEvent, Record<NotificationChannel, boolean>>

function defaultEvents(): Events {
  return Object.fromEntries(CUSTOMER_NOTIFICATION_EVENTS.map(event => [event, { ...DEFAULT_EVENT }])) as Events
}

/** Everything on: what a project without a row sends, as it did before these settings existed. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { sendNothing: false, events: defaultEvents(), ownerNewBooking: true, ownerNewMessage: true, ownerWhatsapp: false }

type StoredSettings = Pick<typeof notificationSettings.$inferSelect, 'sendNothing' | 'events' | 'ownerNewBooking' | 'ownerNewMessage' | 'ownerWhatsapp'>

// An event added after a row was saved is on until the owner turns it off.
function settingsOf(row: StoredSettings | undefined): NotificationSettings {
  if (!row) return { ...DEFAULT_NOTIFICATION_SETTINGS, events: defaultEvents() }
  const events = defaultEvents()
  for (const event of CUSTOMER_NOTIFICATION_EVENTS) {
    for (const channel of NOTIFICATION_CHANNELS) {
      const stored = row.events[event]?.[channel]
      if (typeof stored === 'boolean') events[event][channel] = stored
    }
  }
  return { sendNothing: row.sendNothing, events, ownerNewBooking: row.ownerNewBooking, ownerNewMessage: row.ownerNewMessage, ownerWhatsapp: row.ownerWhatsapp }
}

async function loadSettings(db: DbOrTx, projectId: string): Promise<NotificationSettings> {
  const [row] = await db.select({
    sendNothing: notificationSettings.sendNothing, events: notificationSettings.events,
    ownerNewBooking: notificationSettings.ownerNewBooking, ownerNewMessage: notificationSettings.ownerNewMessage, ownerWhatsapp: notificationSettings.ownerWhatsapp,
  }).from(notificationSettings).where(eq(notificationSettings.projectId, projectId))
  return settingsOf(row)
}

/** A project's notification settings, the defaults when it never saved any. */
export async function getNotificationSettings(db: DbOrTx, scope: ProjectScope): Promise<NotificationSettings> {
  return await loadSettings(db, scope.projectId)
}

/** Replaces a project's notification settings; the caller audits it in the same transaction. */
export async function saveNotificationSettings(tx: DbOrTx, scope: ProjectScope, input: NotificationSettingsInput): Promise<NotificationSettings> {
  const settings = settingsOf({ ...input, events: input.events })
  await tx.insert(notificationSettings).values({ ...scope, ...settings }).onConflictDoUpdate({
    target: notificationSettings.projectId,
    set: { sendNothing: settings.sendNothing, events: settings.events, ownerNewBooking: settings.ownerNewBooking, ownerNewMessage: settings.ownerNewMessage, ownerWhatsapp: settings.ownerWhatsapp, updatedAt: sql`now()` },
  })
  return settings
}

/**
 * Whether a notice about `event` may go to a customer on `channel` (P23): never with the master
 * switch on, nor with that event switched off for that channel. Read in the sender's transaction,
 * so a notice and the setting it obeyed are one consistent view.
 */
export async function customerMessageAllowed(tx: DbOrTx, projectId: string, event: CustomerNotificationEvent, channel: NotificationChannel): Promise<boolean> {
  const settings = await loadSettings(tx, projectId)
  return !settings.sendNothing && settings.events[event][channel]
}

/** Whether owners' and admins' notices go by WhatsApp too. */
export async function ownerWhatsappAllowed(tx: DbOrTx, projectId: string): Promise<boolean> {
  return (await loadSettings(tx, projectId)).ownerWhatsapp
}

/** Whether the org's owners and admins are told about new bookings or new customer messages. */
export async function ownerNoticeAllowed(tx: DbOrTx, projectId: string, notice: 'newBooking' | 'newMessage'): Promise<boolean> {
  const settings = await loadSettings(tx, projectId)
  return notice === 'newBooking' ? settings.ownerNewBooking : settings.ownerNewMessage
}
