import { and, eq, inArray } from 'drizzle-orm'
import { bookingResources, bookingServices, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import type { ProjectScope } from '@flectar/sites'
import { dateSchema } from './fields'

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
