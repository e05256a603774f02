import { eq } from 'drizzle-orm'
import { outboxMessages, type DbOrTx } from '@flectar/db'

export type OutboxMessage = typeof outboxMessages.$inferSelect

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One outbox message with its bodies and attachments, or undefined (also for a malformed id). */
export async function getOutboxMessage(db: DbOrTx, id: string): Promise<OutboxMessage | undefined> {
  if (!UUID.test(id)) return undefined
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).limit(1)
  return row
}
