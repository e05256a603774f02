import { and, asc, eq, inArray, notInArray } from 'drizzle-orm'
import { conversationMessages, outboxMessages, type Db, type DbOrTx } from '@flectar/db'
import { redactError } from './redact-error'
import type { EmailTransport } from './transports/email-transport'

export type OutboxRow = typeof outboxMessages.$inferSelect

/** Sends one outbox row on a channel other than email (SMS, WhatsApp), for the row's project. */
export interface ChannelSender {
  send(message: OutboxRow): Promise<{ provider: string, providerMessageId: string }>
}

/** A failure retrying cannot fix (an opted-out number, WhatsApp's closed window): the row fails at once. */
function isPermanent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true
}

export interface DeliverPendingMessagesOptions {
  /** Most messages to try in this run (default 20). */
  limit?: number
  /** A message that has failed this many times is marked `failed` (default 5). */
  maxAttempts?: number
  /** Sender; the transport's own when omitted. */
  from?: string
  /** Senders of the other channels; a channel without one is left pending. */
  channels?: Partial<Record<'sms' | 'whatsapp', ChannelSender>>
}

/**
 * Sends pending emails from the outbox, oldest first. Each message is claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED` in its own transaction that stays open while it is
 * sent, so concurrent workers never send one message twice and a crash loses at most the
 * status of the message in flight (the row id goes to the provider as idempotency key).
 * A sent row is never picked again. On failure `attempts` grows and a redacted `error` is
 * kept; at `maxAttempts` the row becomes `failed`. Each message is tried at most once per
 * run. A message of a conversation takes its row's outcome (`sent` with the provider's id, or
 * `failed` with the reason), in the same transaction. Returns how many were sent and how many
 * attempts failed in this run.
 */
export async function deliverPendingMessages(
  db: Db,
  transport: EmailTransport,
  options: DeliverPendingMessagesOptions = {},
): Promise<{ sent: number, failed: number }> {
  const limit = Math.max(0, Math.floor(options.limit ?? 20))
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 5))
  const tried: string[] = []
  let sent = 0
  let failed = 0

  while (tried.length < limit) {
    const outcome = await db.transaction(async (tx) => {
      const [message] = await tx
        .select()
        .from(outboxMessages)
        .where(and(
          eq(outboxMessages.status, 'pending'),
          inArray(outboxMessages.channel, ['email', ...Object.keys(options.channels ?? {})]),
          tried.length > 0 ? notInArray(outboxMessages.id, tried) : undefined,
        ))
        .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.id))
        .limit(1)
        .for('update', { skipLocked: true })
      if (!message) return undefined
      tried.push(message.id)
      const attempts = message.attempts + 1
      const sender = message.channel === 'email' ? undefined : options.channels?.[message.channel as 'sms' | 'whatsapp']
      try {
        const { provider, providerMessageId } = sender
          ? await sender.send(message)
          : { provider: transport.name, ...await transport.send({
              from: options.from,
              to: message.to,
              replyTo: message.replyTo,
              subject: message.subject,
              text: message.text,
              html: message.html,
              attachments: message.attachments,
              headers: message.headers,
              idempotencyKey: message.id,
            }) }
        await tx
          .update(outboxMessages)
          .set({ status: 'sent', provider, providerMessageId, sentAt: new Date(), attempts, error: null })
          .where(eq(outboxMessages.id, message.id))
        await settleConversationMessage(tx, message.id, { status: 'sent', providerMessageId })
        return 'sent' as const
      }
      catch (error) {
        const final = attempts >= maxAttempts || isPermanent(error)
        const reason = redactError(error)
        await tx
          .update(outboxMessages)
          .set({ status: final ? 'failed' : 'pending', provider: sender ? message.channel : transport.name, attempts, error: reason })
          .where(eq(outboxMessages.id, message.id))
        if (final) await settleConversationMessage(tx, message.id, { status: 'failed', error: reason })
        return 'failed' as const
      }
    })
    if (!outcome) break
    if (outcome === 'sent') sent++
    else failed++
  }
  return { sent, failed }
}

async function settleConversationMessage(tx: DbOrTx, outboxMessageId: string, outcome: { status: 'sent', providerMessageId: string } | { status: 'failed', error: string }) {
  await tx.update(conversationMessages)
    .set(outcome.status === 'sent' ? { status: 'sent', providerMessageId: outcome.providerMessageId } : { status: 'failed', error: outcome.error })
    .where(and(eq(conversationMessages.outboxMessageId, outboxMessageId), eq(conversationMessages.status, 'queued')))
}
