import { hashToken } from '@flectar/security'

interface Limit { points: number, durationSeconds: number }

/**
 * Attempts allowed per key (an IP-derived key, an account, an org) in a window. The apps count
 * them with their one rate limiter (app-base's `limitRequest`), in PostgreSQL.
 */
export const RATE_LIMITS = {
  signIn: { points: 10, durationSeconds: 15 * 60 },
  signUp: { points: 5, durationSeconds: 60 * 60 },
  passwordReset: { points: 5, durationSeconds: 60 * 60 },
  magicLink: { points: 5, durationSeconds: 60 * 60 },
  twoFactor: { points: 10, durationSeconds: 15 * 60 },
  invitations: { points: 30, durationSeconds: 60 * 60 },
} satisfies Record<string, Limit>

export type RateLimitName = keyof typeof RATE_LIMITS

/** Emails and similar identifiers are hashed before they become keys. */
export function rateLimitKey(kind: string, value: string): string {
  return `${kind}:${hashToken(value.trim().toLowerCase()).slice(0, 32)}`
}
