import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as relations from './relations'
import * as tables from './schema'

const schema = { ...tables, ...relations }

/**
 * Seconds before a closed connection tries again. postgres.js's default grows with every failed
 * attempt of the whole pool (3^n / 100 s, up to 20 s), so after a restart or failover under load
 * an app stayed down for seconds after the database was back. Capped at 1 s, with jitter.
 */
function reconnectDelaySeconds(failedAttempts: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failedAttempts, 1)
}

export interface CreateDbOptions {
  /** Pool size; keep small in tests (each worker has its own pool). */
  max?: number
  /** Seconds to wait for a connection before failing. */
  connectTimeout?: number
}

/** Opens a pooled connection to PostgreSQL through postgres.js and wraps it in Drizzle. */
export function createDb(url: string, options: CreateDbOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeout ?? 10,
    backoff: reconnectDelaySeconds,
    onnotice: () => {},
  })
  const db = drizzle({ client: sql, schema, casing: 'snake_case' })
  return {
    db,
    sql,
    close: () => sql.end({ timeout: 5 }),
  }
}

export type Db = ReturnType<typeof createDb>['db']
/** A database handle or an open transaction: package functions accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0]
