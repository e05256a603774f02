import { tzOffset } from '@date-fns/tz'
import { addDays, parseLocalDate, type LocalDate } from './local-dates'

// Instants and wall-clock times in IANA zones, DST-correct, with @date-fns/tz (the project's
// one time-zone library) for every offset. The availability engine's calendar arithmetic
// (`zoneDay`, `wallTimeToInstant`: one offset look-up per ordinary day) and what the apps
// show and send (`wallClockIn`, `instantInZone`, `formatInZone`) are the same code, so a time
// the calendar or the booking page picks is the instant the engine offered.

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS

const pad = (value: number) => String(value).padStart(2, '0')

function offsetAt(timeZone: string, instant: number): number {
  return tzOffset(timeZone, new Date(instant))
}

export function assertTimeZone(timeZone: string): void {
  if (Number.isNaN(offsetAt(timeZone, 0))) throw new RangeError(`Unknown time zone '${timeZone}'`)
}

export function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = new Date(instant + offsetAt(timeZone, instant) * MINUTE_MS)
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() }
}

/**
 * A local date with the UTC offsets in force just before and just after it. On ordinary days they
 * are equal and wall times convert with plain arithmetic; only DST change days pay for more look-ups
 * (an offset look-up goes through Intl and dominates the engine's cost).
 */
export interface ZoneDay { timeZone: string, midnightWall: number, offsetBefore: number, offsetAfter: number }

// Offsets span UTC−12 … UTC+14, so these probes bracket every instant of the date, its 24:00 included.
// Assumes at most one offset change between them (~52 h), true of every zone's current rules.
const PROBE_BEFORE_MS = 15 * 60 * MINUTE_MS
const PROBE_AFTER_MS = 37 * 60 * MINUTE_MS

export function zoneDay(timeZone: string, date: LocalDate): ZoneDay {
  const midnightWall = Date.UTC(date.year, date.month - 1, date.day)
  return {
    timeZone,
    midnightWall,
    offsetBefore: offsetAt(timeZone, midnightWall - PROBE_BEFORE_MS),
    offsetAfter: offsetAt(timeZone, midnightWall + PROBE_AFTER_MS),
  }
}

/**
 * The instant of a wall-clock time on a zone day. A repeated time (clocks going back) takes its first
 * occurrence; a skipped one (clocks going forward) takes the first instant after the gap, i.e. the
 * moment the wall clock has passed that time.
 */
export function wallTimeToInstant(day: ZoneDay, minuteOfDay: number): number {
  const { timeZone, offsetBefore, offsetAfter } = day
  const wall = day.midnightWall + minuteOfDay * MINUTE_MS
  const withOffsetBefore = wall - offsetBefore * MINUTE_MS
  if (offsetBefore === offsetAfter) return withOffsetBefore
  const withOffsetAfter = wall - offsetAfter * MINUTE_MS
  const validBefore = offsetAt(timeZone, withOffsetBefore) === offsetBefore
  const validAfter = offsetAt(timeZone, withOffsetAfter) === offsetAfter
  if (validBefore && validAfter) return Math.min(withOffsetBefore, withOffsetAfter)
  if (validBefore) return withOffsetBefore
  if (validAfter) return withOffsetAfter
  return firstInstantWithOffset(timeZone, withOffsetAfter, withOffsetBefore, offsetAfter)
}

/** Binary search, to the minute, for the clock change inside (earlier, later]. */
function firstInstantWithOffset(timeZone: string, earlier: number, later: number, offset: number): number {
  let low = earlier
  let high = later
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS
    if (offsetAt(timeZone, middle) === offset) high = middle
    else low = middle
  }
  return high
}

/** Inclusive local dates in a zone → [start of fromDate, start of the day after toDate). */
export function dayRangeInZone(fromDate: string, toDate: string, timeZone: string): { from: Date, to: Date } {
  assertTimeZone(timeZone)
  if (toDate < fromDate) throw new RangeError(`toDate ${toDate} is before fromDate ${fromDate}`)
  const firstDay = zoneDay(timeZone, parseLocalDate(fromDate))
  const dayAfterLast = zoneDay(timeZone, addDays(parseLocalDate(toDate), 1))
  return { from: new Date(wallTimeToInstant(firstDay, 0)), to: new Date(wallTimeToInstant(dayAfterLast, 0)) }
}

/** ISO 8601 with the zone's offset at that instant and no milliseconds: '2026-03-29T10:00:00+02:00'. */
export function formatInZone(instant: Date, timeZone: string): string {
  assertTimeZone(timeZone)
  const offset = offsetAt(timeZone, instant.getTime())
  const wall = new Date(instant.getTime() + offset * MINUTE_MS).toISOString().slice(0, 19)
  const sign = offset < 0 ? '-' : '+'
  return `${wall}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
}

/** The local date (`YYYY-MM-DD`) and minute of the day of an instant in `timeZone`. */
export function wallClockIn(instant: Date | string | number, timeZone: string): { date: string, minutes: number } {
  const time = new Date(instant).getTime()
  const wall = new Date(time + offsetAt(timeZone, time) * MINUTE_MS)
  return { date: wall.toISOString().slice(0, 10), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() }
}

/** The local date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function dateInZone(instant: Date | string | number, timeZone: string): string {
  return wallClockIn(instant, timeZone).date
}

/** Today's date in `timeZone`: the business's or the visitor's, never the machine's. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dateInZone(now, timeZone)
}

/**
 * The instant of a wall-clock time (minutes after midnight) on a local date in `timeZone`,
 * as the engine reads working hours: a repeated time is its first occurrence, a skipped one
 * the first instant after the gap.
 */
export function instantInZone(date: string, minutes: number, timeZone: string): Date {
  assertTimeZone(timeZone)
  return new Date(wallTimeToInstant(zoneDay(timeZone, parseLocalDate(date)), minutes))
}
