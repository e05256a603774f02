import { createEventBuffer, createSaltCache, type EventBuffer } from '@flectar/analytics'

let buffer: EventBuffer | undefined
let saltCache: ReturnType<typeof createSaltCache> | undefined

/** This instance's event buffer: one batched insert every second or 500 events. */
export function useAnalyticsBuffer(): EventBuffer {
  buffer ??= createEventBuffer(useDatabase().db, {
    maxEvents: 500,
    intervalMs: 1000,
    onError: (error, count) => useLogger().error('Storing analytics events failed; they are kept for the next try', { error, count }),
    // The count and SQLSTATE only: the rows hold whatever visitors sent.
    onDropped: (count, code) => useLogger().warn('Dropped analytics events PostgreSQL refused; the rest of their batch was stored', { count, code }),
  })
  return buffer
}

/** Today's salt, from memory after the first lookup of the day. */
export function analyticsSalt(): Promise<string> {
  saltCache ??= createSaltCache(useDatabase().db)
  return saltCache()
}

export async function closeAnalyticsBuffer() {
  await buffer?.close()
  buffer = undefined
}
