import { z } from 'zod'

/**
 * The years a date or date-time may fall in. Wide enough for any booking, birth date or
 * report, narrow enough that day arithmetic never leaves what `Date`, time-zone libraries
 * and PostgreSQL can represent (year 0001 or 9999 made them throw).
 */
export const MIN_YEAR = 1900
export const MAX_YEAR = 2200

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export interface DateOptions {
  /** Shown when the value is not in the expected form or not a real day. */
  message?: string
  /** Shown when the year is outside MIN_YEAR–MAX_YEAR (default `Use a year between 1900 and 2200`). */
  outOfRange?: string
}

const DEFAULT_OUT_OF_RANGE = `Use a year between ${MIN_YEAR} and ${MAX_YEAR}`

/** True for a `YYYY-MM-DD` that exists on the calendar (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(2000, month - 1, day))
  date.setUTCFullYear(year)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** The year a date or date-time text starts with is within the range (a text without one is left to the format check). */
function inYearRange(value: string): boolean {
  const match = /^(\d{4})-/.exec(value)
  if (!match) return true
  const year = Number(match[1])
  return year >= MIN_YEAR && year <= MAX_YEAR
}

/** A calendar date `YYYY-MM-DD` that exists, with a year in MIN_YEAR–MAX_YEAR; stays a string. */
export function dateText(options: DateOptions = {}): z.ZodString {
  const message = options.message ?? 'Use a date like 2026-12-24'
  return z.string(message)
    .refine(isCalendarDate, message)
    .refine(inYearRange, options.outOfRange ?? DEFAULT_OUT_OF_RANGE)
}

/**
 * An ISO 8601 date-time with `Z` or an offset (`2026-12-07T10:00:00+01:00`), a year in
 * MIN_YEAR–MAX_YEAR; stays a string.
 */
export function dateTimeText(options: DateOptions = {}): z.ZodISODateTime {
  const message = options.message ?? 'Use a date and time like 2026-12-24T10:00:00Z'
  return z.iso.datetime({ offset: true, message })
    .refine(value => !Number.isNaN(Date.parse(value)), message)
    .refine(inYearRange, options.outOfRange ?? DEFAULT_OUT_OF_RANGE)
}

/**
 * A date (`YYYY-MM-DD`, midnight UTC) or a date-time with offset, as a `Date`: for filters
 * that take either, like "events before".
 */
export function dateOrDateTime(options: DateOptions = {}) {
  const date = dateText(options)
  const dateTime = dateTimeText(options)
  return z.string(options.message).superRefine((value, ctx) => {
    const result = (DATE.test(value) ? date : dateTime).safeParse(value)
    if (!result.success) ctx.addIssue({ code: 'custom', message: result.error.issues[0]!.message })
  }).transform(value => new Date(value))
}
