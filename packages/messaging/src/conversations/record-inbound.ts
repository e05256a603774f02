import { and, eq, sql } from 'drizzle-orm'
import { conversationMessages, conversations, type DbOrTx, type MessageAttachment } from '@flectar/db'
import { normalisePhone, upsertCustomer, type ProjectScope } from './customers'

export type InboundChannel = 'email' | 'sms' | 'whatsapp' | 'form'

export interface InboundMessage {
  channel: InboundChannel
  from: { name?: string | null, email?: string | null, phone?: string | null }
  subject?: string | null
  body: string
  /** Every field of a contact form, as sent. */
  fields?: Record<string, string>
  attachments?: MessageAttachment[]
  /** The provider's id of this message: a second delivery of it is recognised and dropped. */
  providerMessageId?: string | null
  /** The email's own `Message-ID`. */
  emailMessageId?: string | null
  /** The conversation it answers, when the reply address or `In-Reply-To` names one. */
  conversationId?: string | null
  receivedAt?: Date
}

export interface RecordedInbound {
  conversationId: string
  messageId: string
  customerId: string
  /** True when this provider message was already recorded: nothing changed. */
  duplicate: boolean
  /** Unread messages in the conversation now: 1 means the first since a member last read it. */
  unreadCount: number
}

/** The first line of a message, short enough for the inbox list. */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 140 ? `${line.slice(0, 139)}…` : line
}

/**
 * Files a message from a customer into their conversation, creating the customer (found by
 * email, else phone) and the conversation when new, in the caller's transaction. The
 * conversation is reopened and counts one more unread; a WhatsApp message opens the 24-hour
 * window. A message whose provider id was seen before changes nothing.
 */
export async function recordInboundMessage(tx: DbOrTx, scope: ProjectScope, message: InboundMessage): Promise<RecordedInbound> {
  const at = message.receivedAt ?? new Date()
  const conversation = await conversationFor(tx, scope, message)
  const [row] = await tx.insert(conversationMessages).values({
    ...scope,
    conversationId: conversation.id,
    direction: 'inbound',
    channel: message.channel,
    status: 'received',
    subject: message.subject ?? null,
    body: message.body,
    fields: message.fields ?? null,
    attachments: message.attachments ?? [],
    providerMessageId: message.providerMessageId ?? null,
    emailMessageId: message.emailMessageId ?? null,
    createdAt: at,
  }).onConflictDoNothing().returning({ id: conversationMessages.id })
  if (!row) {
    const [existing] = await tx.select({ id: conversationMessages.id }).from(conversationMessages)
      .where(and(eq(conversationMessages.channel, message.channel), eq(conversationMessages.providerMessageId, message.providerMessageId!)))
    return { conversationId: conversation.id, messageId: existing!.id, customerId: conversation.customerId, duplicate: true, unreadCount: 0 }
  }
  const [updated] = await tx.update(conversations).set({
    status: 'open',
    snoozedUntil: null,
    unreadCount: sql`${conversations.unreadCount} + 1`,
    lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at.toISOString()}::timestamptz)`,
    lastMessagePreview: previewOf(message.subject && message.channel === 'email' ? `${message.subject}: ${message.body}` : message.body),
    lastInboundChannel: message.channel,
    ...(message.channel === 'whatsapp' ? { lastWhatsappInboundAt: sql`greatest(${conversations.lastWhatsappInboundAt}, ${at.toISOString()}::timestamptz)` } : {}),
  }).where(eq(conversations.id, conversation.id)).returning({ unreadCount: conversations.unreadCount })
  return { conversationId: conversation.id, messageId: row.id, customerId: conversation.customerId, duplicate: false, unreadCount: updated!.unreadCount }
}

async function conversationFor(tx: DbOrTx, scope: ProjectScope, message: InboundMessage) {
  if (message.conversationId) {
    const [named] = await tx.select({ id: conversations.id, customerId: conversations.customerId }).from(conversations)
      .where(and(eq(conversations.id, message.conversationId), eq(conversations.projectId, scope.projectId)))
    if (named) return named
  }
  const { name, email, phone } = message.from
  // A burst of texts from a new number arrives on parallel webhooks, and a phone is not unique:
  // without this lock each would create its own customer and the thread would split.
  const keys = [email?.trim().toLowerCase(), phone ? normalisePhone(phone) : undefined].filter((key): key is string => Boolean(key)).sort()
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`customer:${scope.projectId}:${key}`}, 0))`)
  const customer = await upsertCustomer(tx, scope, { name: name?.trim() || email || phone || 'Customer', email, phone })
  return await conversationOfCustomer(tx, scope, customer.id)
}

/** The customer's conversation, created empty when they have none yet. */
export async function conversationOfCustomer(tx: DbOrTx, scope: ProjectScope, customerId: string) {
  await tx.insert(conversations).values({ ...scope, customerId }).onConflictDoNothing()
  const [conversation] = await tx.select({ id: conversations.id, customerId: conversations.customerId }).from(conversations)
    .where(eq(conversations.customerId, customerId))
  return conversation!
}
