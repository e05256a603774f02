import { z } from 'zod'
import { dateText, isUuid } from '@flectar/validation'
import { clockMinutes, clockTime } from '@flectar/time'

// The building blocks of the configuration schemas. Browser-safe (zod, @flectar/validation,
// @flectar/time only): the admin's forms check with them too.

export const idSchema = z.string().refine(isUuid, 'Not a valid id')

/** A list of ids, duplicates dropped. */
export const idListSchema = z.array(idSchema).max(200, 'Too many items').transform(ids => [...new Set(ids)])

/** `HH:MM`, 00:00–23:59; an end may also be `24:00` (midnight at the end of the day). */
export const startTimeSchema = clockTime({ message: 'Use a time like 09:00' })
export const endTimeSchema = clockTime({ message: 'Use a time like 17:30 (or 24:00 for midnight)', endOfDay: true })

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30), in the years 1900–2200. */
export const dateSchema = dateText({ message: 'Use a date like 2026-12-24' })

export interface Interval { start: string, end: string }

/**
 * Field errors for intervals that end before they start or overlap another one of the same
 * group (a weekday); `pathOf(index)` is where the interval sits in the input.
 */
export function intervalIssues<T extends Interval>(intervals: readonly T[], groupOf: (interval: T) => string | number, pathOf: (index: number) => PropertyKey[], describe: (interval: T) => string) {
  const issues: Array<{ path: PropertyKey[], message: string }> = []
  const groups = new Map<string | number, Array<{ index: number, start: number, end: number, interval: T }>>()
  intervals.forEach((interval, index) => {
    const start = clockMinutes(interval.start)
    const end = clockMinutes(interval.end)
    if (Number.isNaN(start) || Number.isNaN(end)) return
    if (end <= start) {
      issues.push({ path: [...pathOf(index), 'end'], message: 'Must be after the start' })
      return
    }
    const group = groups.get(groupOf(interval)) ?? []
    group.push({ index, start, end, interval })
    groups.set(groupOf(interval), group)
  })
  for (const group of groups.values()) {
    group.sort((left, right) => left.start - right.start || left.index - right.index)
    // The interval reaching furthest so far: a later one starting before its end overlaps it.
    let furthest = group[0]!
    for (const current of group.slice(1)) {
      if (current.start < furthest.end) issues.push({ path: [...pathOf(current.index), 'start'], message: `Overlaps ${describe(furthest.interval)}` })
      if (current.end > furthest.end) furthest = current
    }
  }
  return issues
}
