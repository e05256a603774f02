import { sql, type SQL } from 'drizzle-orm'
import { boolean, customType, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './accounts'
import { customers } from './bookings'
import { outboxMessages } from './messaging'
import { organizations } from './orgs'
import { projects } from './sites'

/** PostgreSQL `tsvector`, only ever written by a generated column. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const conversationStatus = pgEnum('conversation_status', ['open', 'snoozed', 'closed'])
/** `form` is a contact-form message; `note` an internal note no customer ever sees. */
export const messageChannel = pgEnum('message_channel', ['email', 'sms', 'whatsapp', 'form', 'note'])
export const messageDirection = pgEnum('message_direction', ['inbound', 'outbound', 'internal'])
/** Outbound statuses only ever move forward (queued → sent → delivered → read); `failed` is final. */
export const messageStatus = pgEnum('message_status', ['received', 'queued', 'sent', 'delivered', 'read', 'failed'])

/** A file that came with (or went with) a message; the bytes are in private storage. */
export interface MessageAttachment {
  storageKey: string
  filename: string
  contentType: string
  size: number
}

/**
 * One thread per customer of a project, across every channel. `unreadCount` counts inbound
 * messages since a member last opened it; `lastWhatsappInboundAt` decides WhatsApp's 24-hour
 * window, in which free-form messages are allowed.
 */
export const conversations = pgTable('conversations', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  customerId: uuid().notNull().references(() => customers.id, { onDelete: 'cascade' }),
  status: conversationStatus().notNull().default('open'),
  snoozedUntil: timestamp({ withTimezone: true }),
  assignedUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
  unreadCount: integer().notNull().default(0),
  lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastMessagePreview: text().notNull().default(''),
  /** The channel the customer last wrote on: where a reply goes unless the member picks another. */
  lastInboundChannel: messageChannel(),
  lastWhatsappInboundAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('conversations_customer_idx').on(table.customerId),
  index('conversations_project_last_idx').on(table.projectId, table.lastMessageAt),
  index('conversations_org_last_idx').on(table.orgId, table.lastMessageAt),
])

export const conversationMessages = pgTable('conversation_messages', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  conversationId: uuid().notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  direction: messageDirection().notNull(),
  channel: messageChannel().notNull(),
  status: messageStatus().notNull(),
  /** Why it failed, in words a member can act on (never a provider's raw error). */
  error: text(),
  subject: text(),
  body: text().notNull(),
  /** Every field of a contact-form message, as the visitor sent it. */
  fields: jsonb().$type<Record<string, string>>(),
  attachments: jsonb().$type<MessageAttachment[]>().notNull().default([]),
  /** The member who wrote an outbound message or note. */
  authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
  /** What sent it: a template name for notifications (`booking.confirmed`, …), null for a person. */
  template: text(),
  outboxMessageId: uuid().references(() => outboxMessages.id, { onDelete: 'set null' }),
  /** The provider's id (Twilio `SM…`, WhatsApp `wamid.…`, Resend email id): dedupes webhooks and finds status updates. */
  providerMessageId: text(),
  /** The email `Message-ID` this message has or had, to thread replies by `In-Reply-To`. */
  emailMessageId: text(),
  search: tsvector().generatedAlwaysAs((): SQL => sql`to_tsvector('simple', coalesce(${conversationMessages.subject}, '') || ' ' || ${conversationMessages.body})`),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('conversation_messages_thread_idx').on(table.conversationId, table.createdAt),
  uniqueIndex('conversation_messages_provider_idx').on(table.channel, table.providerMessageId).where(sql`provider_message_id is not null`),
  index('conversation_messages_email_id_idx').on(table.emailMessageId).where(sql`email_message_id is not null`),
  index('conversation_messages_outbox_idx').on(table.outboxMessageId).where(sql`outbox_message_id is not null`),
  index('conversation_messages_search_idx').using('gin', table.search),
])

/**
 * Per-project settings of a messaging channel (`sms`, `whatsapp`, `email`). `routingKey` is
 * what an inbound webhook names the project by: the WhatsApp phone-number id, the SMS number.
 * Secrets are encrypted with the key ring (P12); `secretHints` are their last characters.
 */
export const messagingChannelSettings = pgTable('messaging_channel_settings', {
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  channel: text().notNull(),
  enabled: boolean().notNull().default(false),
  routingKey: text(),
  config: jsonb().$type<Record<string, string>>().notNull().default({}),
  secrets: text().notNull(),
  secretHints: jsonb().$type<Record<string, string>>().notNull().default({}),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  primaryKey({ columns: [table.projectId, table.channel] }),
  uniqueIndex('messaging_channel_settings_routing_idx').on(table.channel, table.routingKey).where(sql`routing_key is not null`),
])

/** Addresses that must not get messages on a channel: an SMS STOP, a bounced or complaining email. */
export const messagingOptOuts = pgTable('messaging_opt_outs', {
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  channel: text().notNull(),
  /** A lower-cased email or a +E.164 phone. */
  address: text().notNull(),
  /** `stop`, `bounce` or `complaint`. */
  reason: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [primaryKey({ columns: [table.projectId, table.channel, table.address] })])

/** Every webhook delivery taken in, by the provider's own id: a replay changes nothing. */
export const messagingWebhookDeliveries = pgTable('messaging_webhook_deliveries', {
  provider: text().notNull(),
  deliveryId: text().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [primaryKey({ columns: [table.provider, table.deliveryId] })])

/** Saved snippets a member inserts into a reply. */
export const quickReplies = pgTable('quick_replies', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  title: text().notNull(),
  body: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [index('quick_replies_project_idx').on(table.projectId)])

/** The customer events a project can switch off, per channel. */
export const CUSTOMER_NOTIFICATION_EVENTS = ['booking_confirmed', 'booking_requested', 'booking_rescheduled', 'booking_cancelled', 'booking_rejected', 'reminder', 'payment_received', 'refund', 'waitlist_offer'] as const
export type CustomerNotificationEvent = (typeof CUSTOMER_NOTIFICATION_EVENTS)[number]
/** Per event and channel; a channel a row does not name is read as its default (email on, texts off). */
export type CustomerNotificationEvents = Record<CustomerNotificationEvent, { email: boolean, sms?: boolean, whatsapp?: boolean }>

/**
 * What a project sends about its bookings and messages (P23). No row means everything on, as
 * before the settings existed; `sendNothing` silences every customer notice whatever `events` says.
 */
export const notificationSettings = pgTable('notification_settings', {
  projectId: uuid().primaryKey().references(() => projects.id, { onDelete: 'cascade' }),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  sendNothing: boolean().notNull().default(false),
  events: jsonb().$type<CustomerNotificationEvents>().notNull()
    .default(Object.fromEntries(CUSTOMER_NOTIFICATION_EVENTS.map(event => [event, { email: true }])) as CustomerNotificationEvents),
  ownerNewBooking: boolean().notNull().default(true),
  ownerNewMessage: boolean().notNull().default(true),
  /** Owners' and admins' notices also by WhatsApp, to the phone in their profile. */
  ownerWhatsapp: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
