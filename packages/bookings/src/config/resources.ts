import { and, asc, eq, sql } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { isUuid } from '@flectar/validation'
import { bookingResources, bookings, type DbOrTx, type WeeklyHour } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, notifySiteChanged, requireProject, type ProjectScope } from '@flectar/sites'
import type { ResourceInput, ResourceUpdate } from './schemas'
import { definedOnly } from './shared'

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

/** Audited `booking_resource.created`. */
export async function createResource(db: DbOrTx, scope: ProjectScope, input: ResourceInput, actor: Actor) {
  await requireProject(db, scope)
  return await db.transaction(async (tx) => {
    const [resource] = await tx.insert(bookingResources).values({
      orgId: scope.orgId,
      projectId: scope.projectId,
      name: input.name,
      kind: input.kind,
      timeZone: input.timeZone,
      weeklyHours: input.weeklyHours satisfies WeeklyHour[],
      active: input.active,
    }).returning(resourceColumns)
    await auditProjectChange(tx, actor, scope, { action: 'booking_resource.created', targetType: 'booking_resource', targetId: resource!.id, metadata: { name: resource!.name } })
    // The site's JSON-LD shows the bookable hours.
    await notifySiteChanged(tx, scope.projectId)
    return resource!
  })
}

/** Changes the fields sent, weekly hours included (audited `booking_resource.updated`). */
export async function updateResource(db: DbOrTx, scope: ProjectScope, resourceId: string, changes: ResourceUpdate, actor: Actor) {
  await requireResource(db, scope, resourceId)
  const values = definedOnly(changes)
  if (Object.keys(values).length === 0) return await requireResource(db, scope, resourceId)
  return await db.transaction(async (tx) => {
    const [resource] = await tx.update(bookingResources).set(values).where(ofResource(scope, resourceId)).returning(resourceColumns)
    if (!resource) throw new NotFoundError('Resource not found.')
    await auditProjectChange(tx, actor, scope, { action: 'booking_resource.updated', targetType: 'booking_resource', targetId: resource.id, metadata: { fields: Object.keys(values) } })
    // The site's JSON-LD shows the bookable hours.
    await notifySiteChanged(tx, scope.projectId)
    return resource
  })
}

/**
 * Deletes a resource with its hours, overrides and closures (audited `booking_resource.deleted`).
 * One that has bookings is kept (their history needs it): 409, deactivate it instead.
 */
export async function deleteResource(db: DbOrTx, scope: ProjectScope, resourceId: string, actor: Actor) {
  const resource = await requireResource(db, scope, resourceId)
  const inUse = () => new ConflictError('This resource has bookings, so it cannot be deleted. Deactivate it instead: it stays in past bookings but takes no new ones.', 'resource_in_use')
  try {
    await db.transaction(async (tx) => {
      const deleted = await tx.delete(bookingResources)
        .where(and(ofResource(scope, resourceId), sql`not exists (select 1 from ${bookings} where ${bookings.resourceId} = ${bookingResources.id})`))
        .returning({ id: bookingResources.id })
      if (deleted.length === 0) throw inUse()
      await auditProjectChange(tx, actor, scope, { action: 'booking_resource.deleted', targetType: 'booking_resource', targetId: resource.id, metadata: { name: resource.name } })
      // The site's JSON-LD shows the bookable hours.
      await notifySiteChanged(tx, scope.projectId)
    })
  }
  catch (error) {
    // A booking made between the check and the delete still holds the row (FK restrict).
    if ((error as { cause?: { code?: string } }).cause?.code === '23503') throw inUse()
    throw error
  }
}
