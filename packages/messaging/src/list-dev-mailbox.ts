import { desc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { outboxMessages, type DbOrTx } from '@flectar/db'
import { singleLineText } from '@flectar/validation'

/** One outbox row as the dev mailbox lists it (bodies and attachment contents left out). */
export interface DevMailboxEntry {
  id: string
  channel: string
  to: string
  subject: string
  template: string
  status: 'pending' | 'sent' | 'failed'
  provider: string | null
  providerMessageId: string | null
  error: string | null
  attempts: number
  attachmentCount: number
  orgId: string | null
  projectId: string | null
  createdAt: Date
  sentAt: Date | null
}

/**
 * The outbox, newest first, for the admin app's dev-only mailbox page: every message in
 * any status, optionally only those to one address (case-insensitive). Open the full
 * message with `getOutboxMessage`. `limit` defaults to 50 (at most 200).
 */
/** The dev mailbox page's filter: `?to=` part of an address. */
export const devMailboxQuerySchema = z.object({ to: singleLineText({ max: 254 }).optional() })

export async function listDevMailbox(db: DbOrTx, options: { to?: string, limit?: number } = {}): Promise<DevMailboxEntry[]> {
  const limit = Math.min(200, Math.max(1, Math.floor(options.limit ?? 50)))
  const to = options.to?.trim()
  return await db
    .select({
      id: outboxMessages.id,
      channel: outboxMessages.channel,
      to: outboxMessages.to,
      subject: outboxMessages.subject,
      template: outboxMessages.template,
      status: outboxMessages.status,
      provider: outboxMessages.provider,
      providerMessageId: outboxMessages.providerMessageId,
      error: outboxMessages.error,
      attempts: outboxMessages.attempts,
      attachmentCount: sql<number>`jsonb_array_length(${outboxMessages.attachments})::int`,
      orgId: outboxMessages.orgId,
      projectId: outboxMessages.projectId,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(to ? eq(sql`lower(${outboxMessages.to})`, to.toLowerCase()) : undefined)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(limit)
}
