import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'

/** `drizzle/` at the repository root, as seen from this source file. Bundled servers pass their own path. */
export const defaultMigrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url))

// Any constant works; it only has to be the same for every process that migrates.
const MIGRATION_LOCK_KEY = 7_246_310_001

/**
 * Applies pending migrations. Safe to run again (applied ones are skipped) and from
 * several processes at once: an advisory lock makes them take turns.
 */
export async function runMigrations(url: string, migrationsFolder = process.env.MIGRATIONS_DIR || defaultMigrationsFolder) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
    try {
      await migrate(drizzle({ client: sql }), { migrationsFolder })
    }
    finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
    }
  }
  finally {
    await sql.end({ timeout: 5 })
  }
}
