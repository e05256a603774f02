import type { H3Event } from 'h3'

const LIMITS = {
  contact: { points: 5, durationSeconds: 10 * 60 },
  // Public booking API, per IP-derived key: browsing slots is cheap, taking one is not.
  api_read: { points: 300, durationSeconds: 60 },
  api_book: { points: 20, durationSeconds: 10 * 60 },
  api_manage: { points: 30, durationSeconds: 10 * 60 },
  // A visitor's files for booking questions: a few per booking, each up to 10 MB.
  api_upload: { points: 10, durationSeconds: 10 * 60 },
  // Server-to-server calls with an API key are limited per key instead.
  api_key: { points: 600, durationSeconds: 60 },
} as const

/** Public forms and the public API: a few requests per IP-derived key (or `ownKey`) per window. */
export async function enforceSiteRateLimit(event: H3Event, name: keyof typeof LIMITS, ownKey?: string) {
  await limitRequest(event, { name: `site_${name}`, ...LIMITS[name] }, ownKey ? [ownKey] : undefined)
}
