import type { H3Event } from 'h3'
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import { rateLimits } from '@flectar/db'
import { RateLimitedError } from '@flectar/errors'

const LIMITS = {
  contact: { points: 5, duration: 10 * 60 },
  // Public booking API, per IP-derived key: browsing slots is cheap, taking one is not.
  api_read: { points: 300, duration: 60 },
  api_book: { points: 20, duration: 10 * 60 },
  api_manage: { points: 30, duration: 10 * 60 },
  // A visitor's files for booking questions: a few per booking, each up to 10 MB.
  api_upload: { points: 10, duration: 10 * 60 },
  // Server-to-server calls with an API key are limited per key instead.
  api_key: { points: 600, duration: 60 },
} as const
const limiters = new Map<keyof typeof LIMITS, RateLimiterDrizzle>()

/** Public forms: a few posts per IP-derived key (never the IP itself) per window. */
export async function enforceSiteRateLimit(event: H3Event, name: keyof typeof LIMITS, ownKey?: string) {
  let limiter = limiters.get(name)
  if (!limiter) {
    limiter = new RateLimiterDrizzle({ storeClient: useDatabase().db, schema: rateLimits, keyPrefix: `site_${name}`, ...LIMITS[name] })
    limiters.set(name, limiter)
  }
  const key = ownKey ?? clientIpKey(event)
  try {
    await limiter.consume(key)
  }
  catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(error.msBeforeNext / 1000))
    throw error
  }
}
