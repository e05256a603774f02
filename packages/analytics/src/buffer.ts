import { sql } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import type { AnalyticsEventRow } from './derive'

/**
 * One multi-row insert of events, sent as a single JSON parameter: building a 500-row insert
 * through the query builder (8,000 bound parameters) took some 35 ms of CPU on the event loop,
 * which every ingest request in flight had to wait for.
 */
export async function insertEvents(db: DbOrTx, rows: AnalyticsEventRow[]): Promise<void> {
  await db.execute(sql`
    insert into analytics_events (project_id, occurred_at, name, path, visitor_hash, session_hash, referrer_host, utm_source, utm_medium,
      utm_campaign, language, device, browser, os, country, props)
    select "projectId", "occurredAt", name, path, "visitorHash", "sessionHash", "referrerHost", "utmSource", "utmMedium",
      "utmCampaign", language, device, browser, os, country, props
    from json_to_recordset(${JSON.stringify(rows)}::json) as t("projectId" uuid, "occurredAt" timestamptz, name text, path text,
      "visitorHash" text, "sessionHash" text, "referrerHost" text, "utmSource" text, "utmMedium" text, "utmCampaign" text,
      language text, device text, browser text, os text, country text, props jsonb)`)
}

export interface EventBufferOptions {
  /** Flush when this many events wait (default 500). */
  maxEvents?: number
  /** Flush at least this often (default 1000 ms). */
  intervalMs?: number
  /** Events kept while the database is unreachable; beyond it the oldest are dropped (default 50,000). */
  maxPending?: number
  /** The database failed (unreachable, …): `count` events are kept for the next try. */
  onError?: (error: unknown, count: number) => void
  /**
   * PostgreSQL refused `count` events as data (SQLSTATE `code`, e.g. 22P05 for a NUL): they
   * were dropped and the rest of their batch stored. Never given the rows, which may hold
   * whatever a visitor sent.
   */
  onDropped?: (count: number, code: string) => void
}

/** The SQLSTATE of a data exception (class 22) or integrity violation (class 23) in `error`'s causes. */
function refusedDataCode(error: unknown): string | undefined {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return code
  }
  return undefined
}

/** The database failed for a reason other than the rows: these are kept for the next try. */
class RetryLater extends Error {
  constructor(readonly error: unknown, readonly rows: AnalyticsEventRow[]) {
    super('analytics events not stored')
  }
}

/**
 * Events wait in memory and are written in batches (one insert every `intervalMs` or
 * `maxEvents`), so the ingest request never waits for the database.
 * `close()` flushes what is left (call it on shutdown).
 */
export function createEventBuffer(db: DbOrTx, options: EventBufferOptions = {}) {
  const maxEvents = options.maxEvents ?? 500
  const maxPending = options.maxPending ?? 50_000
  let pending: AnalyticsEventRow[] = []
  let flushing: Promise<void> = Promise.resolve()
  const timer = setInterval(() => void flush(), options.intervalMs ?? 1000)
  timer.unref?.()

  // One bad row (a value PostgreSQL refuses) must not hold back the events of every site: a
  // refused batch is halved until the rows it refuses stand alone, and those are dropped.
  async function write(batch: AnalyticsEventRow[]) {
    const queue: AnalyticsEventRow[][] = []
    for (let start = 0; start < batch.length; start += 5000) queue.push(batch.slice(start, start + 5000))
    const dropped = new Map<string, number>()
    try {
      while (queue.length > 0) {
        const rows = queue.shift()!
        try {
          await insertEvents(db, rows)
        }
        catch (error) {
          const code = refusedDataCode(error)
          if (!code) throw new RetryLater(error, [rows, ...queue].flat())
          if (rows.length === 1) dropped.set(code, (dropped.get(code) ?? 0) + 1)
          else {
            const half = Math.ceil(rows.length / 2)
            queue.unshift(rows.slice(0, half), rows.slice(half))
          }
        }
      }
    }
    finally {
      for (const [code, count] of dropped) options.onDropped?.(count, code)
    }
  }

  function flush(): Promise<void> {
    if (pending.length === 0) return flushing
    const batch = pending
    pending = []
    flushing = flushing.then(() => write(batch)).catch((error: unknown) => {
      const unstored = error instanceof RetryLater ? error.rows : batch
      options.onError?.(error instanceof RetryLater ? error.error : error, unstored.length)
      // Put back what was not stored for the next try, keeping the buffer bounded.
      pending = [...unstored, ...pending].slice(-maxPending)
    })
    return flushing
  }

  return {
    push(row: AnalyticsEventRow) {
      pending.push(row)
      if (pending.length > maxPending) pending.shift()
      if (pending.length >= maxEvents) void flush()
    },
    flush,
    size: () => pending.length,
    async close() {
      clearInterval(timer)
      await flush()
    },
  }
}
export type EventBuffer = ReturnType<typeof createEventBuffer>
