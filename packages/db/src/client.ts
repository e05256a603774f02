import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as relations from './relations'
import * as tables from './schema'

const schema = { ...tables, ...relations }

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
