import { eq } from 'drizzle-orm'
import { outboxMessages, type DbOrTx } from '@flectar/db'
import { isUuid } from '@flectar/validation'

export type OutboxMessage = typeof outboxMessages.$inferSelect

/** One outbox message with its bodies and attachments, or undefined (also for a malformed id). */
export async function getOutboxMessage(db: DbOrTx, id: string): Promise<OutboxMessage | undefined> {
  if (!isUuid(id)) return undefined
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).limit(1)
  return row
}
