import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

export const outboxStatus = pgEnum('outbox_status', ['pending', 'sent', 'failed'])

export interface OutboxAttachment {
  filename: string
  contentType: string
  /** Base64 content. */
  content: string
}

export interface OutboxWhatsAppTemplate {
  name: string
  languageCode: string
  bodyParameters: string[]
}

/**
 * The one outbox every message goes through, on every channel (`email`, `sms`, `whatsapp`). With no provider configured, `provider` is
 * `dev-mailbox`: the message is kept here and shown in the admin app instead of sent.
 */
export const outboxMessages = pgTable('outbox_messages', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid(),
  projectId: uuid(),
  channel: text().notNull().default('email'),
  to: text().notNull(),
  /** Where a reply goes instead of the sender (a visitor who wrote through the contact form). */
  replyTo: text(),
  subject: text().notNull(),
  text: text().notNull(),
  html: text(),
  attachments: jsonb().$type<OutboxAttachment[]>().notNull().default([]),
  /** Extra email headers: `Message-ID`, `In-Reply-To` and `References` that thread a reply. */
  headers: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** A WhatsApp message outside the 24-hour window goes as this approved template; `text` is what it says. */
  whatsappTemplate: jsonb().$type<OutboxWhatsAppTemplate>(),
  /** What kind of message, for filtering and tests: `auth.verify_email`, `org.invitation`, … */
  template: text().notNull(),
  status: outboxStatus().notNull().default('pending'),
  provider: text(),
  providerMessageId: text(),
  error: text(),
  attempts: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp({ withTimezone: true }),
}, table => [
  index('outbox_messages_status_idx').on(table.status, table.createdAt),
  index('outbox_messages_to_idx').on(table.to),
])
