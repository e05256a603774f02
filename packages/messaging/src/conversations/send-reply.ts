import { and, desc, eq, isNotNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import { conversationMessages, conversations, customers, outboxMessages, projects, type DbOrTx, type OutboxWhatsAppTemplate } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { multiLineText, singleLineText } from '@flectar/validation'
import { emailSubject } from '../email-subject'
import type { ProjectScope } from './customers'
import { optOutOf } from './delivery-events'
import { previewOf } from './record-inbound'

export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000
/** Twilio's limit for one message's body. */
const SMS_MAX = 1600

const templateSchema = z.object({
  name: z.string().trim().regex(/^[a-z0-9_]{1,512}$/, 'Use the approved template\'s name: lowercase letters, digits and _'),
  languageCode: z.string().trim().regex(/^[a-z]{2,3}(?:_[A-Z]{2})?$/, 'Use a language code like es or en_US'),
  bodyParameters: z.array(singleLineText({ min: 1, max: 1000 })).max(20).default([]),
})

export const replySchema = z.object({
  channel: z.enum(['email', 'sms', 'whatsapp']),
  body: multiLineText({ min: 1, max: 10_000, required: 'Write a reply' }),
  subject: singleLineText({ max: 200 }).optional(),
  /** WhatsApp only: send this approved template (required outside the 24-hour window). */
  template: templateSchema.optional(),
}).superRefine((value, ctx) => {
  if (value.channel === 'sms' && value.body.length > SMS_MAX) ctx.addIssue({ code: 'custom', path: ['body'], message: `An SMS can be at most ${SMS_MAX} characters` })
  if (value.template && value.channel !== 'whatsapp') ctx.addIssue({ code: 'custom', path: ['template'], message: 'Templates are for WhatsApp only' })
})

export const noteSchema = z.object({ body: multiLineText({ min: 1, max: 10_000, required: 'Write a note' }) })

export interface InboxEnv {
  /** Domain whose every address Resend receives for us (`INBOUND_EMAIL_DOMAIN`): replies come back to `<slug>@<domain>`. */
  inboundEmailDomain?: string | null
}

/** Where a customer's email replies to this project go, or null when inbound email is not set up. */
export function projectReplyAddress(slug: string, env: InboxEnv): string | null {
  const domain = env.inboundEmailDomain?.trim().toLowerCase()
  return domain ? `${slug}@${domain}` : null
}

/** The `Message-ID` our message gets, so the customer's reply (`In-Reply-To`) finds its thread. */
export function emailMessageIdOf(messageId: string, env: InboxEnv): string {
  return `<${messageId}@${env.inboundEmailDomain?.trim().toLowerCase() || 'flectar.localhost'}>`
}

export interface ReplyAuthor {
  userId: string
}

/**
 * A member's reply, queued in the outbox on the channel asked for (in the caller's transaction),
 * and shown in the thread as `queued` until the provider says more. Refuses with a 409 what
 * cannot reach the customer: no address on that channel, an opt-out (SMS STOP, a bounced email),
 * or a free-form WhatsApp message outside the 24-hour window (an approved template may go).
 */
export async function sendConversationReply(tx: DbOrTx, scope: ProjectScope, conversationId: string, input: z.output<typeof replySchema>, author: ReplyAuthor, env: InboxEnv, now = new Date()) {
  const [thread] = await tx.select({ conversation: conversations, customer: customers, slug: projects.slug, projectName: projects.name })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .innerJoin(projects, eq(projects.id, conversations.projectId))
    .where(and(eq(conversations.id, conversationId), eq(conversations.orgId, scope.orgId), eq(conversations.projectId, scope.projectId)))
    .for('update', { of: conversations })
  if (!thread) throw new NotFoundError('This conversation does not exist.')
  const { conversation, customer } = thread
  const to = input.channel === 'email' ? customer.email : customer.phone
  if (!to) throw new ConflictError(input.channel === 'email' ? `${customer.name} has no email address.` : `${customer.name} has no phone number.`, 'no_address', { fields: { channel: 'No address on this channel' } })
  const optOut = await optOutOf(tx, scope.projectId, input.channel, to)
  if (optOut) throw new ConflictError(optOutMessage(input.channel, optOut), 'opted_out', { fields: { channel: 'The customer cannot be reached on this channel' } })
  if (input.channel === 'whatsapp' && !input.template && !withinWindow(conversation.lastWhatsappInboundAt, now)) {
    throw new ConflictError('More than 24 hours have passed since the customer last wrote on WhatsApp: only an approved template can be sent now.', 'whatsapp_window_closed', { fields: { template: 'Choose an approved template' } })
  }

  const [message] = await tx.insert(conversationMessages).values({
    ...scope,
    conversationId,
    direction: 'outbound',
    channel: input.channel,
    status: 'queued',
    subject: input.channel === 'email' ? await replySubject(tx, conversationId, input.subject, thread.projectName) : null,
    body: input.body,
    authorUserId: author.userId,
    template: input.template ? `whatsapp:${input.template.name}` : null,
    createdAt: now,
  }).returning()
  const headers = input.channel === 'email' ? await threadHeaders(tx, conversationId, message!.id, env) : {}
  const [outbox] = await tx.insert(outboxMessages).values({
    ...scope,
    channel: input.channel,
    to,
    replyTo: input.channel === 'email' ? projectReplyAddress(thread.slug, env) : null,
    subject: message!.subject ?? '',
    text: input.body,
    template: 'inbox.reply',
    headers,
    whatsappTemplate: (input.template ?? null) as OutboxWhatsAppTemplate | null,
  }).returning({ id: outboxMessages.id })
  await tx.update(conversationMessages).set({ outboxMessageId: outbox!.id, emailMessageId: headers['Message-ID'] ?? null }).where(eq(conversationMessages.id, message!.id))
  await tx.update(conversations).set({ lastMessageAt: now, lastMessagePreview: previewOf(input.body), unreadCount: 0 }).where(eq(conversations.id, conversationId))
  return { ...message!, outboxMessageId: outbox!.id }
}

/** An internal note: only members see it; it does not reopen or mark anything. */
export async function addConversationNote(tx: DbOrTx, scope: ProjectScope, conversationId: string, input: z.output<typeof noteSchema>, author: ReplyAuthor) {
  const [conversation] = await tx.select({ id: conversations.id }).from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.projectId, scope.projectId)))
  if (!conversation) throw new NotFoundError('This conversation does not exist.')
  const [note] = await tx.insert(conversationMessages).values({
    ...scope, conversationId, direction: 'internal', channel: 'note', status: 'received', body: input.body, authorUserId: author.userId,
  }).returning()
  return note!
}

export function withinWindow(lastInboundAt: Date | null, now: Date): boolean {
  return lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < WHATSAPP_WINDOW_MS
}

function optOutMessage(channel: string, reason: string): string {
  if (channel === 'sms') return 'The customer replied STOP to our texts: no more SMS can be sent until they text START.'
  if (reason === 'complaint') return 'The customer marked our email as spam: no more email can be sent to them.'
  return 'Email to this address bounced: no more email can be sent to it. Ask the customer for another address.'
}

/** `Re: <the last subject>` (the customer's or ours), else a subject naming the business. */
async function replySubject(tx: DbOrTx, conversationId: string, given: string | undefined, projectName: string): Promise<string> {
  if (given) return emailSubject(given)
  const [last] = await tx.select({ subject: conversationMessages.subject }).from(conversationMessages)
    .where(and(eq(conversationMessages.conversationId, conversationId), isNotNull(conversationMessages.subject), sql`${conversationMessages.subject} <> ''`))
    .orderBy(desc(conversationMessages.createdAt)).limit(1)
  if (!last?.subject) return emailSubject(`Message from ${projectName}`)
  return emailSubject(/^re:/i.test(last.subject) ? last.subject : `Re: ${last.subject}`)
}

/** `Message-ID` for ours, and `In-Reply-To`/`References` naming the thread's last emails. */
async function threadHeaders(tx: DbOrTx, conversationId: string, messageId: string, env: InboxEnv): Promise<Record<string, string>> {
  const earlier = await tx.select({ id: conversationMessages.emailMessageId }).from(conversationMessages)
    .where(and(eq(conversationMessages.conversationId, conversationId), isNotNull(conversationMessages.emailMessageId)))
    .orderBy(desc(conversationMessages.createdAt)).limit(10)
  const ids = earlier.map(row => row.id!).reverse()
  const headers: Record<string, string> = { 'Message-ID': emailMessageIdOf(messageId, env) }
  if (ids.length > 0) {
    headers['In-Reply-To'] = ids.at(-1)!
    headers['References'] = ids.join(' ')
  }
  return headers
}
