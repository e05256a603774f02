import { createDb } from './client'
import { describeDatabaseUrl } from './describe-url'

/**
 * Fails fast, in one line, when `url` does not answer within 5 s: "Cannot reach PostgreSQL at
 * user@host:port/db (DATABASE_URL): ECONNREFUSED." The password never appears.
 */
export async function assertDatabaseReachable(url: string): Promise<void> {
  const { sql, close } = createDb(url, { max: 1, connectTimeout: 5 })
  let reason = 'no answer within 5 s'
  const reachable = await sql`select 1`.then(() => true, (error: NodeJS.ErrnoException) => {
    reason = error.code ?? error.message
    return false
  })
  await close()
  if (!reachable) throw new Error(`Cannot reach PostgreSQL at ${describeDatabaseUrl(url)} (DATABASE_URL): ${reason}.`)
}
