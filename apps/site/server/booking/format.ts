import { addLocalMonths, dateInZone, lastOfMonth, weekdayOf } from '@flectar/time'

// Calendar and time formatting for the server-rendered booking pages. Slots come with starts in the
// requested zone's offset (`2026-12-07T10:00:00+01:00`); civil dates here are `YYYY-MM-DD`
// strings and months `YYYY-MM`, with the zone math and date arithmetic of @flectar/time.

/** Zones offered in the time-zone select, besides the visitor's and the business's own. */
export const COMMON_TIME_ZONES = [
  'Europe/London', 'Europe/Lisbon', 'Europe/Madrid', 'Europe/Paris', 'Europe/Berlin', 'Europe/Rome', 'Europe/Amsterdam',
  'Europe/Athens', 'Europe/Helsinki', 'Europe/Istanbul', 'Africa/Johannesburg', 'Asia/Dubai', 'Asia/Kolkata',
  'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney', 'Pacific/Auckland', 'America/Sao_Paulo', 'America/New_York',
  'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Mexico_City', 'UTC',
] as const

/** "Europe/Madrid (GMT+1)": the zone with its current offset. */
export function timeZoneLabel(timeZone: string, at = new Date()): string {
  try {
    const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find(part => part.type === 'timeZoneName')?.value
    return `${timeZone.replaceAll('_', ' ')}${offset ? ` (${offset})` : ''}`
  }
  catch {
    return timeZone
  }
}

const pad = (value: number) => String(value).padStart(2, '0')
const toUtc = (date: string) => new Date(`${date}T00:00:00Z`)

/** `YYYY-MM` of a date. */
export const monthOf = (date: string) => date.slice(0, 7)

/** The month `count` months after `month` (`YYYY-MM`). */
export function addMonths(month: string, count: number): string {
  return monthOf(addLocalMonths(`${month}-01`, count))
}

export function lastDayOf(month: string): string {
  return lastOfMonth(`${month}-01`)
}

/**
 * The weeks of a month for a calendar table: each a row of seven dates, with null padding
 * before the first and after the last day. `firstWeekday` 1 = Monday … 7 = Sunday.
 */
export function monthWeeks(month: string, firstWeekday = 1): Array<Array<string | null>> {
  const days = Number(lastDayOf(month).slice(8))
  const lead = (weekdayOf(`${month}-01`) - firstWeekday + 7) % 7
  const cells: Array<string | null> = Array.from({ length: lead }, () => null)
  for (let day = 1; day <= days; day++) cells.push(`${month}-${pad(day)}`)
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: Array<Array<string | null>> = []
  for (let index = 0; index < cells.length; index += 7) weeks.push(cells.slice(index, index + 7))
  return weeks
}

/** The first day of the week in a locale (1 = Monday … 7 = Sunday), Monday where unknown. */
export function firstWeekdayOf(locale: string): number {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }, weekInfo?: { firstDay: number } }
    return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1
  }
  catch {
    return 1
  }
}

/** Short weekday names in table order. */
export function weekdayNames(locale: string, firstWeekday = 1, style: 'short' | 'long' = 'short'): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, index) => new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' })
    .format(new Date(Date.UTC(2024, 0, ((firstWeekday - 1 + index) % 7) + 1))))
}

/** "December 2026". */
export function formatMonth(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(toUtc(`${month}-01`))
}

/** "Monday, 7 December" (a civil date, no zone involved). */
export function formatDay(date: string, locale: string, withYear = false): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' as const } : {}), timeZone: 'UTC' }).format(toUtc(date))
}

/** "10:00" or "10:00 AM", in the zone given. */
export function formatTime(instant: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(instant))
}

/** "Monday, 7 December 2026, 10:00 – 10:45". */
export function formatSlotRange(slot: { start: string, end: string }, timeZone: string, locale: string): string {
  return `${formatDay(dateInZone(slot.start, timeZone), locale, true)}, ${formatTime(slot.start, timeZone, locale)} – ${formatTime(slot.end, timeZone, locale)}`
}

/** "Sunday, 6 December 2026, 10:00": one instant in a zone. */
export function formatDateTime(instant: string, timeZone: string, locale: string): string {
  return `${formatDay(dateInZone(instant, timeZone), locale, true)}, ${formatTime(instant, timeZone, locale)}`
}

/** "1 h 15 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return [hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean).join(' ') || '0 min'
}
