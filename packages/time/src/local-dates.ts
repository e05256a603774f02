import { isCalendarDate } from '@flectar/validation'

// Civil dates (`YYYY-MM-DD`, no zone): calendar arithmetic on them is the same everywhere, so
// it runs on UTC days; turning them into instants is `zoned-time.ts`'s job.

export interface LocalDate { year: number, month: number, day: number }

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

export function toDateKey({ year, month, day }: LocalDate): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/** A `YYYY-MM-DD` that exists on the calendar (`isCalendarDate`), else a RangeError. */
export function parseLocalDate(text: string): LocalDate {
  if (!isCalendarDate(text)) throw new RangeError(`Invalid date '${text}', expected YYYY-MM-DD`)
  return { year: Number(text.slice(0, 4)), month: Number(text.slice(5, 7)), day: Number(text.slice(8, 10)) }
}

export function addDays({ year, month, day }: LocalDate, days: number): LocalDate {
  const shifted = new Date(0)
  // setUTCFullYear, not Date.UTC: that one reads the years 0–99 as 1900–1999.
  shifted.setUTCFullYear(year, month - 1, day + days)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const at = new Date(0)
  at.setUTCFullYear(date.year, date.month - 1, date.day)
  return at.getUTCDay() || 7
}

export function addLocalDays(date: string, days: number): string {
  return toDateKey(addDays(parseLocalDate(date), days))
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return isoWeekday(parseLocalDate(date))
}

/** The first day of the week `date` falls in, weeks starting on `firstWeekday` (1 = Monday). */
export function startOfWeek(date: string, firstWeekday = 1): string {
  return addLocalDays(date, -((weekdayOf(date) - firstWeekday + 7) % 7))
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`
}

/** The first day of the month `months` after the one of `date` (negative: before). */
export function addLocalMonths(date: string, months: number): string {
  const { year, month } = parseLocalDate(date)
  const index = year * 12 + month - 1 + months
  return toDateKey({ year: Math.floor(index / 12), month: (index % 12 + 12) % 12 + 1, day: 1 })
}

export function lastOfMonth(date: string): string {
  return addLocalDays(addLocalMonths(date, 1), -1)
}
