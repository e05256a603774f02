import { and, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import { dateText, isUuid } from '@flectar/validation'
import { bookingResources, bookingServices, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import type { ProjectScope } from '@flectar/sites'
import { clockMinutes, clockTime } from '@flectar/time'

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

/** Throws a 422 on `field` unless every id is a resource of the project. */
export async function assertProjectResources(db: DbOrTx, scope: ProjectScope, ids: readonly string[], field: string) {
  if (ids.length === 0) return
  const found = await db.select({ id: bookingResources.id }).from(bookingResources)
    .where(and(inArray(bookingResources.id, [...ids]), eq(bookingResources.projectId, scope.projectId), eq(bookingResources.orgId, scope.orgId)))
  if (found.length !== new Set(ids).size) throw new InvalidInputError({ [field]: 'Choose resources of this site' })
}

/** Throws a 422 on `field` unless every id is a service of the project. */
export async function assertProjectServices(db: DbOrTx, scope: ProjectScope, ids: readonly string[], field: string) {
  if (ids.length === 0) return
  const found = await db.select({ id: bookingServices.id }).from(bookingServices)
    .where(and(inArray(bookingServices.id, [...ids]), eq(bookingServices.projectId, scope.projectId), eq(bookingServices.orgId, scope.orgId)))
  if (found.length !== new Set(ids).size) throw new InvalidInputError({ [field]: 'Choose services of this site' })
}

export function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: unknown }).code === '23505') return true
  }
  return false
}

/** Drops the keys whose value is undefined, so an update only sets what was sent. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>
}

/** `value` as a `YYYY-MM-DD` date, or a 422 on `field`. */
export function parseDate(value: string, field: string): string {
  const result = dateSchema.safeParse(value)
  if (!result.success) throw new InvalidInputError({ [field]: result.error.issues[0]!.message })
  return value
}
