import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import type { z } from 'zod'
import { isUuid } from '@flectar/validation'
import { bookingServiceResources, bookingServices, bookings, type Db } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, notifySiteChanged, requireProject, type ProjectScope } from '@flectar/sites'
import { serviceRuleErrors, type serviceOrderSchema, type ServiceInput, type ServiceUpdate } from './schemas'
import { assertProjectResources, definedOnly } from './shared'

function ofService(scope: ProjectScope, serviceId: string) {
  return and(eq(bookingServices.id, serviceId), eq(bookingServices.projectId, scope.projectId), eq(bookingServices.orgId, scope.orgId))
}

/** The project's services in their display order, each with the ids of its resources. */
export async function listServices(db: Db, scope: ProjectScope, options: { serviceId?: string } = {}) {
  await requireProject(db, scope)
  const rows = await db.select().from(bookingServices)
    .where(and(eq(bookingServices.projectId, scope.projectId), eq(bookingServices.orgId, scope.orgId), options.serviceId ? eq(bookingServices.id, options.serviceId) : undefined))
    .orderBy(asc(bookingServices.position), asc(bookingServices.createdAt))
  const links = rows.length === 0
    ? []
    : await db.select().from(bookingServiceResources)
        .where(and(eq(bookingServiceResources.projectId, scope.projectId), inArray(bookingServiceResources.serviceId, rows.map(row => row.id))))
  return rows.map(({ orgId: _orgId, projectId: _projectId, ...service }) => ({
    ...service,
    resourceIds: links.filter(link => link.serviceId === service.id).map(link => link.resourceId),
  }))
}

export async function getService(db: Db, scope: ProjectScope, serviceId: string) {
  if (!isUuid(serviceId)) {
    await requireProject(db, scope)
    throw new NotFoundError('Service not found.')
  }
  const [service] = await listServices(db, scope, { serviceId })
  if (!service) throw new NotFoundError('Service not found.')
  return service
}

/** Audited `booking_service.created`. */
export async function createService(db: Db, scope: ProjectScope, input: ServiceInput, actor: Actor) {
  await requireProject(db, scope)
  await assertProjectResources(db, scope, input.resourceIds, 'resourceIds')
  const serviceId = await db.transaction(async (tx) => {
    const { resourceIds, ...columns } = input
    const [service] = await tx.insert(bookingServices).values({
      ...columns,
      orgId: scope.orgId,
      projectId: scope.projectId,
      // New services go last.
      position: sql`(select coalesce(max(${bookingServices.position}) + 1, 0) from ${bookingServices} where ${bookingServices.projectId} = ${scope.projectId})`,
    }).returning({ id: bookingServices.id })
    if (resourceIds.length > 0) await tx.insert(bookingServiceResources).values(resourceIds.map(resourceId => ({ serviceId: service!.id, resourceId, projectId: scope.projectId })))
    await auditProjectChange(tx, actor, scope, { action: 'booking_service.created', targetType: 'booking_service', targetId: service!.id, metadata: { name: input.name } })
    await notifySiteChanged(tx, scope.projectId)
    return service!.id
  })
  return await getService(db, scope, serviceId)
}

/** Changes the fields sent; `resourceIds`, when sent, replaces the service's resources (audited `booking_service.updated`). */
export async function updateService(db: Db, scope: ProjectScope, serviceId: string, changes: ServiceUpdate, actor: Actor) {
  const existing = await getService(db, scope, serviceId)
  const { resourceIds, ...columns } = definedOnly(changes)
  const errors = serviceRuleErrors({ ...existing, ...columns })
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors)
  if (resourceIds) await assertProjectResources(db, scope, resourceIds, 'resourceIds')
  await db.transaction(async (tx) => {
    const updated = await tx.update(bookingServices).set({ ...columns, updatedAt: sql`now()` }).where(ofService(scope, serviceId)).returning({ id: bookingServices.id })
    if (updated.length === 0) throw new NotFoundError('Service not found.')
    if (resourceIds) {
      await tx.delete(bookingServiceResources).where(and(eq(bookingServiceResources.serviceId, serviceId), eq(bookingServiceResources.projectId, scope.projectId)))
      if (resourceIds.length > 0) await tx.insert(bookingServiceResources).values(resourceIds.map(resourceId => ({ serviceId, resourceId, projectId: scope.projectId })))
    }
    await auditProjectChange(tx, actor, scope, { action: 'booking_service.updated', targetType: 'booking_service', targetId: serviceId, metadata: { fields: Object.keys(definedOnly(changes)) } })
    await notifySiteChanged(tx, scope.projectId)
  })
  return await getService(db, scope, serviceId)
}

/**
 * Deletes a service that was never booked (audited `booking_service.deleted`). One with
 * bookings is refused with 409 `service_in_use`: deactivate it instead, so its bookings keep
 * pointing at it.
 */
export async function deleteService(db: Db, scope: ProjectScope, serviceId: string, actor: Actor) {
  const service = await getService(db, scope, serviceId)
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(bookingServices)
      .where(and(ofService(scope, serviceId), sql`not exists (select 1 from ${bookings} where ${bookings.serviceId} = ${bookingServices.id})`))
      .returning({ id: bookingServices.id })
    if (deleted.length === 0) {
      throw new ConflictError('This service has bookings, so it cannot be deleted. Deactivate it instead: visitors can no longer book it and its bookings stay as they are.', 'service_in_use')
    }
    await auditProjectChange(tx, actor, scope, { action: 'booking_service.deleted', targetType: 'booking_service', targetId: service.id, metadata: { name: service.name } })
    await notifySiteChanged(tx, scope.projectId)
  })
}

/**
 * Puts the services listed first, in that order; the ones not listed follow in their previous
 * order (audited `booking_service.reordered`).
 */
export async function reorderServices(db: Db, scope: ProjectScope, input: z.infer<typeof serviceOrderSchema>, actor: Actor) {
  await requireProject(db, scope)
  const current = await db.select({ id: bookingServices.id }).from(bookingServices)
    .where(and(eq(bookingServices.projectId, scope.projectId), eq(bookingServices.orgId, scope.orgId)))
    .orderBy(asc(bookingServices.position), asc(bookingServices.createdAt))
  const known = new Set(current.map(row => row.id))
  if (!input.ids.every(id => known.has(id))) throw new InvalidInputError({ ids: 'Choose services of this site' })
  const order = [...input.ids, ...current.map(row => row.id).filter(id => !input.ids.includes(id))]
  await db.transaction(async (tx) => {
    for (const [position, id] of order.entries()) await tx.update(bookingServices).set({ position }).where(ofService(scope, id))
    await auditProjectChange(tx, actor, scope, { action: 'booking_service.reordered', targetType: 'project', targetId: scope.projectId, metadata: { order } })
  })
  return await listServices(db, scope)
}
