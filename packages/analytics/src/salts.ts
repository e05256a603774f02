import { randomBytes } from 'node:crypto'
import { eq, lt, sql } from 'drizzle-orm'
import { analyticsSalts, type DbOrTx } from '@flectar/db'

/** Salts are deleted this long after they were created: yesterday's hashes cannot be redone. */
export const SALT_LIFETIME_MS = 48 * 60 * 60 * 1000

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** The salt of `now`'s UTC day, created (randomly, once across all instances) on first use. */
export async function saltForDay(db: DbOrTx, now = new Date()): Promise<string> {
  const day = utcDay(now)
  await db.insert(analyticsSalts).values({ day, salt: randomBytes(32).toString('base64url') }).onConflictDoNothing()
  const [row] = await db.select({ salt: analyticsSalts.salt }).from(analyticsSalts).where(eq(analyticsSalts.day, day))
  return row!.salt
}

/** Deletes salts older than 48 hours; returns how many went. Idempotent. */
export async function deleteExpiredSalts(db: DbOrTx, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - SALT_LIFETIME_MS)
  const deleted = await db.delete(analyticsSalts)
    .where(lt(analyticsSalts.createdAt, sql`${cutoff.toISOString()}::timestamptz`))
    .returning({ day: analyticsSalts.day })
  return deleted.length
}

/**
 * The day's salt from memory: one database round trip per instance and day, not per event.
 * Concurrent first calls share one lookup.
 */
export function createSaltCache(db: DbOrTx) {
  let current: { day: string, salt: Promise<string> } | undefined
  return async (now = new Date()): Promise<string> => {
    const day = utcDay(now)
    if (current?.day !== day) {
      const salt = saltForDay(db, now)
      current = { day, salt }
      salt.catch(() => {
        if (current?.salt === salt) current = undefined
      })
    }
    return await current.salt
  }
}
