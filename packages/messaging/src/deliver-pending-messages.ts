import { and, asc, eq, notInArray } from 'drizzle-orm'
import { outboxMessages, type Db } from '@flectar/db'
import { redactError } from './redact-error'
import type { EmailTransport } from './transports/email-transport'

export interface DeliverPendingMessagesOptions {
  /** Most messages to try in this run (default 20). */
  limit?: number
  /** A message that has failed this many times is marked `failed` (default 5). */
  maxAttempts?: number
  /** Sender; the transport's own when omitted. */
  from?: string
}

/**
 * Sends pending emails from the outbox, oldest first. Each message is claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED` in its own transaction that stays open while it is
 * sent, so concurrent workers never send one message twice and a crash loses at most the
 * status of the message in flight (the row id goes to the provider as idempotency key).
 * A sent row is never picked again. On failure `attempts` grows and a redacted `error` is
 * kept; at `maxAttempts` the row becomes `failed`. Each message is tried at most once per
 * run. Returns how many were sent and how many attempts failed in this run.
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
          eq(outboxMessages.channel, 'email'),
          tried.length > 0 ? notInArray(outboxMessages.id, tried) : undefined,
        ))
        .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.id))
        .limit(1)
        .for('update', { skipLocked: true })
      if (!message) return undefined
      tried.push(message.id)
      const attempts = message.attempts + 1
      try {
        const { providerMessageId } = await transport.send({
          from: options.from,
          to: message.to,
          replyTo: message.replyTo,
          subject: message.subject,
          text: message.text,
          html: message.html,
          attachments: message.attachments,
          idempotencyKey: message.id,
        })
        await tx
          .update(outboxMessages)
          .set({ status: 'sent', provider: transport.name, providerMessageId, sentAt: new Date(), attempts, error: null })
          .where(eq(outboxMessages.id, message.id))
        return 'sent' as const
      }
      catch (error) {
        await tx
          .update(outboxMessages)
          .set({ status: attempts >= maxAttempts ? 'failed' : 'pending', provider: transport.name, attempts, error: redactError(error) })
          .where(eq(outboxMessages.id, message.id))
        return 'failed' as const
      }
    })
    if (!outcome) break
    if (outcome === 'sent') sent++
    else failed++
  }
  return { sent, failed }
}
