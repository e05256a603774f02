// Wall-clock dates and times in the project's time zone, for the bookings calendar. The
// browser's own zone never matters: staff see the business's clock wherever they are.

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(timeZone: string) {
  let formatter = partsFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    partsFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(timeZone: string, instant: number): number {
  const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(new Date(instant)).map(part => [part.type, part.value]))
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000)
}

/** The local date (`YYYY-MM-DD`) and minute of the day of an instant in `timeZone`. */
export function wallClockIn(instant: Date | string, timeZone: string): { date: string, minutes: number } {
  const time = new Date(instant).getTime()
  const wall = new Date(time + offsetMinutes(timeZone, time) * 60_000)
  return { date: wall.toISOString().slice(0, 10), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() }
}

/** The instant of a wall-clock time in `timeZone` (a time skipped by DST lands just after the gap). */
export function instantInZone(date: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000
  const first = wall - offsetMinutes(timeZone, wall) * 60_000
  return new Date(wall - offsetMinutes(timeZone, first) * 60_000)
}

/** ISO 8601 with the zone's offset, as the bookings API takes it: `2026-12-07T10:00:00+01:00`. */
export function isoInZone(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(timeZone, instant.getTime())
  const wall = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${wall}${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
}

export function todayIn(timeZone: string): string {
  return wallClockIn(new Date(), timeZone).date
}

export function addLocalDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7
}

export function mondayOf(date: string): string {
  return addLocalDays(date, 1 - weekdayOf(date))
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`
}

export function addLocalMonths(date: string, months: number): string {
  const [year, month] = date.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10)
}

/** `HH:MM` of a minute of the day. */
export function clockLabel(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** A local date as words, e.g. `Mon 7 Dec` (`style: 'long'`: `Monday, 7 December 2026`). */
export function dateLabel(date: string, style: 'short' | 'long' | 'month' = 'short'): string {
  const options: Intl.DateTimeFormatOptions = style === 'long'
    ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
    : style === 'month' ? { month: 'long', year: 'numeric' } : { weekday: 'short', day: 'numeric', month: 'short' }
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))
}

/** `Mon 7 Dec, 10:00` in `timeZone`. */
export function whenLabel(instant: Date | string, timeZone: string): string {
  const wall = wallClockIn(instant, timeZone)
  return `${dateLabel(wall.date)}, ${clockLabel(wall.minutes)}`
}
