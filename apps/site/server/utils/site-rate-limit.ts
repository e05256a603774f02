import type { H3Event } from 'h3'
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import { rateLimits } from '@flectar/db'
import { RateLimitedError } from '@flectar/errors'
import { deriveIpKey } from '@flectar/security'

const LIMITS = { contact: { points: 5, duration: 10 * 60 } } as const
const limiters = new Map<keyof typeof LIMITS, RateLimiterDrizzle>()

/** Public forms: a few posts per IP-derived key (never the IP itself) per window. */
export async function enforceSiteRateLimit(event: H3Event, name: keyof typeof LIMITS) {
  let limiter = limiters.get(name)
  if (!limiter) {
    limiter = new RateLimiterDrizzle({ storeClient: useDatabase().db, schema: rateLimits, keyPrefix: `site_${name}`, ...LIMITS[name] })
    limiters.set(name, limiter)
  }
  const config = useServerConfig()
  const key = deriveIpKey(getRequestIP(event, { xForwardedFor: config.TRUST_PROXY }) ?? 'unknown', config.SESSION_SECRET)
  try {
    await limiter.consume(key)
  }
  catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.ceil(error.msBeforeNext / 1000))
    throw error
  }
}
