import { clockText, wallClockIn } from '@flectar/time'

// How the bookings screens write dates and times. The zone math is @flectar/time's, in the
// project's zone: staff see the business's clock wherever they are.

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
  return `${dateLabel(wall.date)}, ${clockText(wall.minutes)}`
}
