import { z } from 'zod'

/**
 * The one time-zone rule: an IANA zone Intl knows, as its canonical name (`europe/madrid` is
 * `Europe/Madrid`, `US/Eastern` is `America/New_York`); undefined for anything else. Offsets
 * such as `+01:00` are not zones: Intl takes them, but PostgreSQL reads their sign the other
 * way round and they know no daylight-saving time.
 */
export function canonicalTimeZone(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[A-Z]/i.test(value.trim())) return undefined
  try {
    const zone = new Intl.DateTimeFormat('en', { timeZone: value.trim() }).resolvedOptions().timeZone
    return /^[A-Z]/i.test(zone) ? zone : undefined
  }
  catch {
    return undefined
  }
}

/** Whether `value` is a time zone by the one rule (`canonicalTimeZone`). */
export function isTimeZone(value: unknown): value is string {
  return canonicalTimeZone(value) !== undefined
}

/** A time zone someone chose or a browser sent, stored as its canonical name. */
export function timeZoneText(options: { message?: string } = {}) {
  const message = options.message ?? 'Choose a time zone like Europe/Madrid'
  return z.string(message).trim().max(64, message).refine(isTimeZone, message).transform(zone => canonicalTimeZone(zone)!)
}
