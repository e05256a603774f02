import { eq, sql } from 'drizzle-orm'
import { projects, type DbOrTx } from '@flectar/db'
import { deleteStoredPages } from './stored-pages'

/**
 * The PostgreSQL channel the site app LISTENs on (payload: a project id): every site instance
 * then drops that project's cached pages and host lookups.
 */
export const SITE_CHANGED_CHANNEL = 'site_changed'

/**
 * Announces a change visitors would see, from inside the transaction that makes it: PostgreSQL
 * delivers the notification when that transaction commits, and never for one rolled back.
 * Stored pages (`stored-pages.ts`) go in the same transaction. With `page`, the change is that
 * page's alone (republishing it: its `published_at` is its new version) and only its stored
 * bytes go; otherwise every page of the project may show it (menus, theme, redirects, domains),
 * so the project's `updated_at` moves on as well: a render made from the old state, even one
 * stored while this transaction ran, is never served.
 */
export async function notifySiteChanged(tx: DbOrTx, projectId: string, page?: { locale: string, path: string }): Promise<void> {
  if (!page) await tx.update(projects).set({ updatedAt: sql`now()` }).where(eq(projects.id, projectId))
  await deleteStoredPages(tx, projectId, page)
  await tx.execute(sql`select pg_notify(${SITE_CHANGED_CHANNEL}, ${projectId})`)
}
