import { and, asc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { isUuid, singleLineText } from '@flectar/validation'
import { bookingResources, bookings, type DbOrTx, type WeeklyHour } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { requireProject, type ProjectScope } from '@flectar/sites'
import { timeZoneText } from '@flectar/time'
import { definedOnly, endTimeSchema, intervalIssues, startTimeSchema } from './shared'

export const RESOURCE_KINDS = ['staff', 'room', 'equipment'] as const
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

export const weeklyHourSchema = z.object({
  weekday: z.number().int().min(1, 'Use 1 (Monday) to 7 (Sunday)').max(7, 'Use 1 (Monday) to 7 (Sunday)'),
  start: startTimeSchema,
  end: endTimeSchema,
})

/** Working intervals per weekday; several a day, none overlapping. Stored sorted. */
export const weeklyHoursSchema = z.array(weeklyHourSchema).max(84, 'At most 12 intervals a day')
  .superRefine((hours, ctx) => {
    const issues = intervalIssues(hours, hour => hour.weekday, index => [index], hour => `${hour.start}–${hour.end} on ${WEEKDAY_NAMES[hour.weekday - 1]}`)
    for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue })
  })
  .transform(hours => [...hours].sort((left, right) => left.weekday - right.weekday || left.start.localeCompare(right.start)))

const resourceFields = {
  name: singleLineText({ min: 1, max: 100, required: 'Enter a name', tooLong: 'Use at most 100 characters' }),
  kind: z.enum(RESOURCE_KINDS),
  timeZone: timeZoneText(),
  weeklyHours: weeklyHoursSchema,
  active: z.boolean(),
}

export const resourceSchema = z.object({
  ...resourceFields,
  kind: resourceFields.kind.default('staff'),
  weeklyHours: resourceFields.weeklyHours.default([]),
  active: resourceFields.active.default(true),
})
export const resourceUpdateSchema = z.object(resourceFields).partial()

export type ResourceInput = z.infer<typeof resourceSchema>
export type ResourceUpdate = z.infer<typeof resourceUpdateSchema>

const resourceColumns = {
  id: bookingResources.id,
  name: bookingResources.name,
  kind: bookingResources.kind,
  timeZone: bookingResources.timeZone,
  weeklyHours: bookingResources.weeklyHours,
  active: bookingResources.active,
  createdAt: bookingResources.createdAt,
}

function ofResource(scope: ProjectScope, resourceId: string) {
  return and(eq(bookingResources.id, resourceId), eq(bookingResources.projectId, scope.projectId), eq(bookingResources.orgId, scope.orgId))
}

export async function listResources(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select(resourceColumns).from(bookingResources)
    .where(and(eq(bookingResources.projectId, scope.projectId), eq(bookingResources.orgId, scope.orgId)))
    .orderBy(asc(bookingResources.name), asc(bookingResources.createdAt))
}

/** The project's resource, or a 404 (also for another project's). */
export async function requireResource(db: DbOrTx, scope: ProjectScope, resourceId: string) {
  await requireProject(db, scope)
  if (!isUuid(resourceId)) throw new NotFoundError('Resource not found.')
  const [resource] = await db.select(resourceColumns).from(bookingResources).where(ofResource(scope, resourceId)).limit(1)
  if (!resource) throw new NotFoundError('Resource not found.')
  return resource
}

export async function createResource(db: DbOrTx, scope: ProjectScope, input: ResourceInput) {
  await requireProject(db, scope)
  const [resource] = await db.insert(bookingResources).values({
    orgId: scope.orgId,
    projectId: scope.projectId,
    name: input.name,
    kind: input.kind,
    timeZone: input.timeZone,
    weeklyHours: input.weeklyHours satisfies WeeklyHour[],
    active: input.active,
  }).returning(resourceColumns)
  return resource!
}

export async function updateResource(db: DbOrTx, scope: ProjectScope, resourceId: string, changes: ResourceUpdate) {
  await requireResource(db, scope, resourceId)
  const values = definedOnly(changes)
  if (Object.keys(values).length === 0) return await requireResource(db, scope, resourceId)
  const [resource] = await db.update(bookingResources).set(values).where(ofResource(scope, resourceId)).returning(resourceColumns)
  if (!resource) throw new NotFoundError('Resource not found.')
  return resource
}

/**
 * Deletes a resource with its hours, overrides and closures. One that has bookings is kept
 * (their history needs it): 409, deactivate it instead.
 */
export async function deleteResource(db: DbOrTx, scope: ProjectScope, resourceId: string) {
  await requireResource(db, scope, resourceId)
  const inUse = () => new ConflictError('This resource has bookings, so it cannot be deleted. Deactivate it instead: it stays in past bookings but takes no new ones.', 'resource_in_use')
  try {
    const deleted = await db.delete(bookingResources)
      .where(and(ofResource(scope, resourceId), sql`not exists (select 1 from ${bookings} where ${bookings.resourceId} = ${bookingResources.id})`))
      .returning({ id: bookingResources.id })
    if (deleted.length === 0) throw inUse()
  }
  catch (error) {
    // A booking made between the check and the delete still holds the row (FK restrict).
    if ((error as { cause?: { code?: string } }).cause?.code === '23503') throw inUse()
    throw error
  }
}
