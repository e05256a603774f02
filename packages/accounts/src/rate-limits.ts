import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import { rateLimits, type Db } from '@flectar/db'
import { RateLimitedError } from '@flectar/errors'
import { hashToken } from '@flectar/security'

interface Limit { points: number, durationSeconds: number }

/** Attempts allowed per key (an IP-derived key, an account, an org) in a window. */
export const RATE_LIMITS = {
  signIn: { points: 10, durationSeconds: 15 * 60 },
  signUp: { points: 5, durationSeconds: 60 * 60 },
  passwordReset: { points: 5, durationSeconds: 60 * 60 },
  magicLink: { points: 5, durationSeconds: 60 * 60 },
  twoFactor: { points: 10, durationSeconds: 15 * 60 },
  invitations: { points: 30, durationSeconds: 60 * 60 },
} satisfies Record<string, Limit>

export type RateLimitName = keyof typeof RATE_LIMITS
export type RateLimiters = Record<RateLimitName, RateLimiterDrizzle>

/** Limiters whose counters live in PostgreSQL, so every app instance shares them. */
export function createRateLimiters(db: Db, limits: Record<RateLimitName, Limit> = RATE_LIMITS): RateLimiters {
  const entries = Object.entries(limits).map(([name, limit]) => [name, new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: name,
    points: limit.points,
    duration: limit.durationSeconds,
  })])
  return Object.fromEntries(entries) as RateLimiters
}

/** Emails and similar identifiers are hashed before they become keys. */
export function rateLimitKey(kind: string, value: string): string {
  return `${kind}:${hashToken(value.trim().toLowerCase()).slice(0, 32)}`
}

/** Counts one attempt against every key; throws 429 with Retry-After when any is exhausted. */
export async function consumeRateLimit(limiter: RateLimiterDrizzle, keys: string[]): Promise<void> {
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
