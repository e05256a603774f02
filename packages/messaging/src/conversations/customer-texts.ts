import { and, eq } from 'drizzle-orm'
import { conversationMessages, conversations, type CustomerNotificationEvent, type DbOrTx, messagingChannelSettings, outboxMessages } from '@flectar/db'
import { customerMessageAllowed, ownerWhatsappAllowed } from '../notification-settings'
import type { ProjectScope } from './customers'
import { normalisePhone } from './customers'
import { optOutOf } from './delivery-events'
import { conversationOfCustomer, previewOf } from './record-inbound'
import { withinWindow } from './send-reply'

export type TextChannel = 'sms' | 'whatsapp'
export const TEXT_CHANNELS: readonly TextChannel[] = ['sms', 'whatsapp']

export interface CustomerText {
  /** The customer, when there is one: the notice is filed in their conversation, with its delivery status. */
  customerId?: string | null
  phone: string | null | undefined
  /** The message, short enough for one or two SMS; the link to act on it included. */
  text: string
  /** The outbox template name, e.g. `bookings.reminder`. */
  template: string
}

/**
 * A text on one channel to one phone, queued in the outbox in the caller's transaction, when it
 * can reach them: the project has the channel connected and on, the number has not opted out
 * (SMS STOP), and on WhatsApp the 24-hour window is open or the project set an approved template
 * to carry it (the text becomes its one parameter). Returns whether it was queued.
 */
export async function enqueueText(tx: DbOrTx, scope: ProjectScope, channel: TextChannel, message: CustomerText): Promise<boolean> {
  if (!message.phone) return false
  const phone = normalisePhone(message.phone)
  const [settings] = await tx.select({ enabled: messagingChannelSettings.enabled, config: messagingChannelSettings.config }).from(messagingChannelSettings)
    .where(and(eq(messagingChannelSettings.projectId, scope.projectId), eq(messagingChannelSettings.channel, channel)))
  if (!settings?.enabled) return false
  if (await optOutOf(tx, scope.projectId, channel, phone)) return false
  // The customer's thread (started by this notice if they never wrote), so the team sees what was sent and whether it arrived.
  const conversation = message.customerId
    ? (await tx.select({ id: conversations.id, lastWhatsappInboundAt: conversations.lastWhatsappInboundAt }).from(conversations)
        .where(eq(conversations.id, (await conversationOfCustomer(tx, scope, message.customerId)).id)))[0]
    : undefined
  let whatsappTemplate = null
  if (channel === 'whatsapp' && !withinWindow(conversation?.lastWhatsappInboundAt ?? null, new Date())) {
    if (!settings.config.defaultTemplate) return false
    whatsappTemplate = { name: settings.config.defaultTemplate, languageCode: settings.config.templateLanguage ?? 'en', bodyParameters: [message.text] }
  }
  const [outbox] = await tx.insert(outboxMessages).values({
    ...scope, channel, to: phone, subject: '', text: message.text, template: message.template, whatsappTemplate,
  }).returning({ id: outboxMessages.id })
  if (conversation) {
    await tx.insert(conversationMessages).values({
      ...scope, conversationId: conversation.id, direction: 'outbound', channel, status: 'queued', body: message.text, outboxMessageId: outbox!.id,
      template: whatsappTemplate ? `whatsapp:${whatsappTemplate.name}` : null,
    })
    await tx.update(conversations).set({ lastMessageAt: new Date(), lastMessagePreview: previewOf(message.text) }).where(eq(conversations.id, conversation.id))
  }
  return true
}

/**
 * An owners' notice by WhatsApp as well as by email, when the project switched that on: to each
 * phone `phones` gives (read only then). Owners are not customers with an open window, so it
 * goes in the project's approved template; without one, only the email goes.
 */
export async function enqueueOwnerTexts(tx: DbOrTx, scope: ProjectScope, phones: () => Promise<string[]>, text: string, template: string): Promise<number> {
  if (!await ownerWhatsappAllowed(tx, scope.projectId)) return 0
  let queued = 0
  for (const phone of await phones()) if (await enqueueText(tx, scope, 'whatsapp', { phone, text, template })) queued++
  return queued
}

/**
 * A customer notice by text on each channel the project switched on for this event (P23: never
 * with "send nothing", never on a channel switched off, never to an opted-out number). Returns
 * the channels it was queued on.
 */
export async function enqueueCustomerTexts(tx: DbOrTx, scope: ProjectScope, event: CustomerNotificationEvent, message: CustomerText): Promise<TextChannel[]> {
  if (!message.phone) return []
  const queued: TextChannel[] = []
  for (const channel of TEXT_CHANNELS) {
    if (!await customerMessageAllowed(tx, scope.projectId, event, channel)) continue
    if (await enqueueText(tx, scope, channel, message)) queued.push(channel)
  }
  return queued
}
