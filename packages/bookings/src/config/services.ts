import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import { isUuid, multiLineText, singleLineText } from '@flectar/validation'
import { bookingServiceResources, bookingServices, bookings, type Db } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError, type FieldErrors } from '@flectar/errors'
import { requireProject, type ProjectScope } from '@flectar/sites'
import { assertProjectResources, definedOnly, idListSchema, idSchema } from './shared'

export const DEPOSIT_KINDS = ['none', 'fixed', 'percent'] as const

const minutes = (min: number, max: number) => z.number().int('Use whole minutes').min(min, `At least ${min}`).max(max, `At most ${max}`)
const whole = (min: number, max: number) => z.number().int('Use a whole number').min(min, `At least ${min}`).max(max, `At most ${max}`)

const serviceFields = {
  name: singleLineText({ min: 1, max: 120, required: 'Enter a name', tooLong: 'Use at most 120 characters' }),
  description: multiLineText({ max: 2000, tooLong: 'Use at most 2000 characters' }),
  durationMinutes: minutes(5, 1440),
  /** Minor units of `currency` (cents). */
  priceAmount: whole(0, 100_000_000),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Use a 3-letter currency code like EUR'),
  capacity: whole(1, 500),
  bufferBeforeMinutes: minutes(0, 720),
  bufferAfterMinutes: minutes(0, 720),
  minNoticeMinutes: minutes(0, 43_200),
  maxAdvanceDays: whole(1, 730),
  dailyLimit: whole(1, 1000).nullable(),
  slotIntervalMinutes: minutes(5, 240),
  requiresConfirmation: z.boolean(),
  depositKind: z.enum(DEPOSIT_KINDS),
  /** Minor units for a fixed deposit, percent for a percentage, 0 for none. */
  depositValue: whole(0, 100_000_000),
  cancellationWindowHours: whole(0, 720),
  reminderMinutes: z.array(minutes(5, 20_160)).max(3, 'At most 3 reminders')
    .transform(values => [...new Set(values)].sort((left, right) => right - left)),
  active: z.boolean(),
  resourceIds: idListSchema,
}

type ServiceRules = Pick<ServiceInput, 'priceAmount' | 'depositKind' | 'depositValue'>

/** Rules across fields, checked on a new service and on an existing one with its changes. */
function serviceRuleErrors(service: ServiceRules): FieldErrors {
  if (service.depositKind === 'fixed' && (service.depositValue < 1 || service.depositValue > service.priceAmount)) {
    return { depositValue: service.priceAmount < 1 ? 'A free service takes no deposit' : 'Between 0.01 and the price' }
  }
  if (service.depositKind === 'percent' && (service.depositValue < 1 || service.depositValue > 100)) {
    return { depositValue: 'Between 1 and 100 percent' }
  }
  return {}
}

export const serviceSchema = z.object({
  ...serviceFields,
  // A new service gets the table's defaults for what is not sent.
  description: serviceFields.description.default(''),
  priceAmount: serviceFields.priceAmount.default(0),
  currency: serviceFields.currency.default('EUR'),
  capacity: serviceFields.capacity.default(1),
  bufferBeforeMinutes: serviceFields.bufferBeforeMinutes.default(0),
  bufferAfterMinutes: serviceFields.bufferAfterMinutes.default(0),
  minNoticeMinutes: serviceFields.minNoticeMinutes.default(120),
  maxAdvanceDays: serviceFields.maxAdvanceDays.default(60),
  dailyLimit: serviceFields.dailyLimit.default(null),
  slotIntervalMinutes: serviceFields.slotIntervalMinutes.default(15),
  requiresConfirmation: serviceFields.requiresConfirmation.default(false),
  depositKind: serviceFields.depositKind.default('none'),
  depositValue: serviceFields.depositValue.default(0),
  cancellationWindowHours: serviceFields.cancellationWindowHours.default(24),
  reminderMinutes: serviceFields.reminderMinutes.default([1440]),
  active: serviceFields.active.default(true),
  resourceIds: serviceFields.resourceIds.default([]),
}).superRefine((service, ctx) => {
  for (const [path, message] of Object.entries(serviceRuleErrors(service))) ctx.addIssue({ code: 'custom', path: [path], message })
})
export const serviceUpdateSchema = z.object(serviceFields).partial()

export type ServiceInput = z.infer<typeof serviceSchema>
export type ServiceUpdate = z.infer<typeof serviceUpdateSchema>

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

export async function createService(db: Db, scope: ProjectScope, input: ServiceInput) {
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
    return service!.id
  })
  return await getService(db, scope, serviceId)
}

/** Changes the fields sent; `resourceIds`, when sent, replaces the service's resources. */
export async function updateService(db: Db, scope: ProjectScope, serviceId: string, changes: ServiceUpdate) {
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
  })
  return await getService(db, scope, serviceId)
}

/**
 * Deletes a service that was never booked. One with bookings is refused with 409
 * `service_in_use`: deactivate it instead, so its bookings keep pointing at it.
 */
export async function deleteService(db: Db, scope: ProjectScope, serviceId: string) {
  await getService(db, scope, serviceId)
  const deleted = await db.delete(bookingServices)
    .where(and(ofService(scope, serviceId), sql`not exists (select 1 from ${bookings} where ${bookings.serviceId} = ${bookingServices.id})`))
    .returning({ id: bookingServices.id })
  if (deleted.length === 0) {
    throw new ConflictError('This service has bookings, so it cannot be deleted. Deactivate it instead: visitors can no longer book it and its bookings stay as they are.', 'service_in_use')
  }
}

export const serviceOrderSchema = z.object({
  ids: z.array(idSchema).min(1, 'List the services in their new order').max(200, 'Too many items')
    .refine(ids => new Set(ids).size === ids.length, 'List each service once'),
})

/** Puts the services listed first, in that order; the ones not listed follow in their previous order. */
export async function reorderServices(db: Db, scope: ProjectScope, input: z.infer<typeof serviceOrderSchema>) {
  await requireProject(db, scope)
  const current = await db.select({ id: bookingServices.id }).from(bookingServices)
    .where(and(eq(bookingServices.projectId, scope.projectId), eq(bookingServices.orgId, scope.orgId)))
    .orderBy(asc(bookingServices.position), asc(bookingServices.createdAt))
  const known = new Set(current.map(row => row.id))
  if (!input.ids.every(id => known.has(id))) throw new InvalidInputError({ ids: 'Choose services of this site' })
  const order = [...input.ids, ...current.map(row => row.id).filter(id => !input.ids.includes(id))]
  await db.transaction(async (tx) => {
    for (const [position, id] of order.entries()) await tx.update(bookingServices).set({ position }).where(ofService(scope, id))
  })
  return await listServices(db, scope)
}
