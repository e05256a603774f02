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
  onError?: (error: unknown, count: number) => void
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

  async function write(batch: AnalyticsEventRow[]) {
    for (let start = 0; start < batch.length; start += 5000) await insertEvents(db, batch.slice(start, start + 5000))
  }

  function flush(): Promise<void> {
    if (pending.length === 0) return flushing
    const batch = pending
    pending = []
    flushing = flushing.then(() => write(batch)).catch((error: unknown) => {
      options.onError?.(error, batch.length)
      // Put them back for the next try, keeping the buffer bounded.
      pending = [...batch, ...pending].slice(-maxPending)
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
