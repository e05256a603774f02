import { sql } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'

/**
 * The PostgreSQL channel the site app LISTENs on (payload: a project id): every site instance
 * then drops that project's cached pages and host lookups.
 */
export const SITE_CHANGED_CHANNEL = 'site_changed'

/**
 * Announces a change visitors would see, from inside the transaction that makes it: PostgreSQL
 * delivers the notification when that transaction commits, and never for one rolled back.
 */
export async function notifySiteChanged(tx: DbOrTx, projectId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${SITE_CHANGED_CHANNEL}, ${projectId})`)
}
