import { and, eq } from 'drizzle-orm'
import { conversationMessages, outboxMessages, projects, type Db, type DbOrTx } from '@flectar/db'
import type { ResendDeliveryEvent, ResendEmailReceivedEvent, ReceivedEmail } from '@flectar/resend'
import { extractReplyText, parseAddress } from '@flectar/resend'
import type { TwilioInboundSms, TwilioStatusUpdate } from '@flectar/twilio'
import type { WhatsAppInbound, WhatsAppStatus } from '@flectar/whatsapp'
import type { ProjectScope } from './customers'
import { clearOptOut, oncePerDelivery, recordOptOut, updateMessageStatus, type OutboundStatus } from './delivery-events'
import { recordInboundMessage, type RecordedInbound } from './record-inbound'

/** What a webhook did: a new message filed (for the owners' notice), or nothing new. */
export type InboundOutcome = { recorded: RecordedInbound & ProjectScope } | { recorded: null }

const nothing: InboundOutcome = { recorded: null }

/** Runs in the transaction that filed a new message (the owners' notice), so both commit or neither. */
export type OnRecorded = (tx: DbOrTx, recorded: RecordedInbound & ProjectScope) => Promise<void>

/**
 * An SMS to the project's number. STOP opts the sender out of our texts and START back in
 * (Twilio itself also stops delivering after STOP); the message is filed either way, so the
 * inbox shows why texts stopped. A redelivery (same MessageSid) changes nothing.
 */
export async function receiveSms(db: Db, scope: ProjectScope, sms: TwilioInboundSms, onRecorded?: OnRecorded): Promise<InboundOutcome> {
  let outcome = nothing
  await oncePerDelivery(db, 'twilio', sms.messageSid, async (tx) => {
    if (sms.keyword === 'stop') await recordOptOut(tx, scope.projectId, 'sms', sms.from, 'stop')
    if (sms.keyword === 'start') await clearOptOut(tx, scope.projectId, 'sms', sms.from)
    const recorded = await recordInboundMessage(tx, scope, {
      channel: 'sms', from: { phone: sms.from }, body: sms.body || (sms.media.length ? `(${sms.media.length} attachment${sms.media.length > 1 ? 's' : ''})` : ''), providerMessageId: sms.messageSid,
    })
    if (recorded.duplicate) return
    outcome = { recorded: { ...recorded, ...scope } }
    await onRecorded?.(tx, outcome.recorded!)
  })
  return outcome
}

/** Twilio's status callback for one of our texts. */
export async function receiveSmsStatus(db: Db, update: TwilioStatusUpdate) {
  const status = twilioStatus(update.status)
  if (!status) return
  // Statuses only move forward, so a replay changes nothing without being recorded.
  await updateMessageStatus(db, 'sms', update.messageSid, status, status === 'failed' ? `The text was not delivered (Twilio error ${update.errorCode ?? 'unknown'}).` : null)
}

function twilioStatus(status: string): OutboundStatus | undefined {
  if (status === 'sent' || status === 'delivered' || status === 'read') return status
  if (status === 'failed' || status === 'undelivered') return 'failed'
  return undefined
}

/**
 * WhatsApp messages and statuses of one webhook delivery, each for the project whose phone-number
 * id it names (`projectOf`); items for a number no project has are skipped.
 */
export async function receiveWhatsApp(db: Db, items: Array<WhatsAppInbound | WhatsAppStatus>, projectOf: (phoneNumberId: string) => Promise<ProjectScope | undefined>, onRecorded?: OnRecorded): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = []
  for (const item of items) {
    const scope = await projectOf(item.phoneNumberId)
    if (!scope) continue
    if (item.kind === 'status') {
      await updateMessageStatus(db, 'whatsapp', item.id, item.status, item.error ? `WhatsApp could not deliver it: ${item.error.title} (${item.error.code}).` : null)
      continue
    }
    let outcome = nothing
    await oncePerDelivery(db, 'whatsapp', item.id, async (tx) => {
      const recorded = await recordInboundMessage(tx, scope, {
        channel: 'whatsapp', from: { name: item.name, phone: `+${item.from.replace(/\D/g, '')}` }, body: item.text ?? `(${item.type})`, providerMessageId: item.id, receivedAt: item.timestamp,
      })
      if (recorded.duplicate) return
      outcome = { recorded: { ...recorded, ...scope } }
      await onRecorded?.(tx, outcome.recorded!)
    })
    outcomes.push(outcome)
  }
  return outcomes
}

/**
 * An email to `<slug>@<INBOUND_EMAIL_DOMAIN>`: filed in the conversation its `In-Reply-To`
 * (or `References`) names, else the sender's; only the new text of a reply is kept, not the
 * quoted history. Mail to an address of no project is dropped.
 */
export async function receiveEmail(db: Db, svixId: string, event: ResendEmailReceivedEvent, email: ReceivedEmail, inboundDomain: string, onRecorded?: OnRecorded): Promise<InboundOutcome> {
  const scope = await projectOfAddresses(db, event.data.to, inboundDomain)
  const sender = parseAddress(event.data.from)
  if (!scope || !sender) return nothing
  let outcome = nothing
  await oncePerDelivery(db, 'resend', svixId, async (tx) => {
    const conversationId = await conversationOfThread(tx, scope, [...email.references, email.inReplyTo].filter((id): id is string => Boolean(id)))
    const text = email.text ?? ''
    const recorded = await recordInboundMessage(tx, scope, {
      channel: 'email',
      from: { name: sender.name, email: sender.email },
      subject: event.data.subject,
      body: extractReplyText(text) || text.trim() || '(no text)',
      providerMessageId: event.data.emailId,
      emailMessageId: email.messageId ?? event.data.messageId,
      conversationId,
    })
    if (recorded.duplicate) return
    outcome = { recorded: { ...recorded, ...scope } }
    await onRecorded?.(tx, outcome.recorded!)
  })
  return outcome
}

/**
 * Resend's news about an email we sent: delivered, bounced or complained. A bounce or a complaint
 * stops further email to that address for the project (P23: we do not keep writing to it).
 */
export async function receiveEmailEvent(db: Db, svixId: string, event: ResendDeliveryEvent) {
  await oncePerDelivery(db, 'resend', svixId, async (tx) => {
    const [sent] = await tx.select({ projectId: outboxMessages.projectId, to: outboxMessages.to }).from(outboxMessages)
      .where(and(eq(outboxMessages.provider, 'resend'), eq(outboxMessages.providerMessageId, event.data.emailId)))
    if (event.type === 'email.delivered') await markEmail(tx, event.data.emailId, 'delivered')
    if (event.type === 'email.bounced' || event.type === 'email.failed') await markEmail(tx, event.data.emailId, 'failed', event.type === 'email.bounced' ? 'The email bounced: the address does not accept mail.' : 'Resend could not send the email.')
    if (event.type === 'email.complained') await markEmail(tx, event.data.emailId, 'failed', 'The customer marked the email as spam.')
    if (sent?.projectId && (event.type === 'email.bounced' || event.type === 'email.complained')) {
      await recordOptOut(tx, sent.projectId, 'email', sent.to, event.type === 'email.bounced' ? 'bounce' : 'complaint')
    }
  })
}

async function markEmail(tx: DbOrTx, resendEmailId: string, status: OutboundStatus, error?: string) {
  // A conversation's email keeps Resend's id once sent (see deliverPendingMessages).
  await updateMessageStatus(tx, 'email', resendEmailId, status, error)
}

async function projectOfAddresses(db: DbOrTx, addresses: string[], inboundDomain: string): Promise<ProjectScope | undefined> {
  const domain = inboundDomain.toLowerCase()
  for (const address of addresses) {
    const email = parseAddress(address)?.email.toLowerCase()
    if (!email?.endsWith(`@${domain}`)) continue
    // `slug+anything@domain` reaches the slug's project, as plus-addressing does everywhere.
    const slug = email.slice(0, -domain.length - 1).split('+')[0]!
    const [project] = await db.select({ orgId: projects.orgId, projectId: projects.id }).from(projects).where(eq(projects.slug, slug))
    if (project) return project
  }
  return undefined
}

async function conversationOfThread(tx: DbOrTx, scope: ProjectScope, messageIds: string[]): Promise<string | null> {
  for (const messageId of messageIds.reverse()) {
    const [row] = await tx.select({ conversationId: conversationMessages.conversationId }).from(conversationMessages)
      .where(and(eq(conversationMessages.projectId, scope.projectId), eq(conversationMessages.emailMessageId, messageId)))
    if (row) return row.conversationId
  }
  return null
}
