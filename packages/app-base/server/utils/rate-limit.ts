import type { H3Event } from 'h3'
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { rateLimits } from '@flectar/db'
import { RateLimitedError } from '@flectar/errors'

/** A named allowance: `points` requests per key every `durationSeconds`. */
export interface RequestLimit {
  name: string
  points: number
  durationSeconds: number
  /**
   * `database` (default): counters in PostgreSQL, shared by every instance. `memory`: per
   * instance, for a hot path that must not wait for the database (the analytics beacon).
   */
  store?: 'database' | 'memory'
}

const limiters = new Map<string, RateLimiterAbstract>()

function limiterFor(limit: RequestLimit): RateLimiterAbstract {
  let limiter = limiters.get(limit.name)
  if (!limiter) {
    const options = { keyPrefix: limit.name, points: limit.points, duration: limit.durationSeconds }
    limiter = limit.store === 'memory'
      ? new RateLimiterMemory(options)
      : new RateLimiterDrizzle({ ...options, storeClient: useDatabase().db, schema: rateLimits })
    limiters.set(limit.name, limiter)
  }
  return limiter
}

/**
 * The one rate limiter of both apps (P8): counts this request against each key — by default
 * the caller's IP-derived key; callers add an account or an email (`rateLimitKey`), or pass
 * their own (an API key). Past the allowance: 429 `rate_limited` with Retry-After.
 */
export async function limitRequest(event: H3Event, limit: RequestLimit, keys: string[] = [`ip:${clientIpKey(event)}`]): Promise<void> {
  const limiter = limiterFor(limit)
  for (const key of keys) {
    try {
      await limiter.consume(key)
    }
    catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)))
      throw error
    }
  }
}
