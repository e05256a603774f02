import { and, asc, eq } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import type { z } from 'zod'
import { isUuid } from '@flectar/validation'
import { bookingExtras, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { auditProjectChange, requireProject, type ProjectScope } from '@flectar/sites'
import type { extraSchema, extraUpdateSchema } from './schemas'
import { assertProjectServices, definedOnly } from './shared'

const extraColumns = { id: bookingExtras.id, name: bookingExtras.name, priceAmount: bookingExtras.priceAmount, durationMinutes: bookingExtras.durationMinutes, serviceIds: bookingExtras.serviceIds, active: bookingExtras.active, createdAt: bookingExtras.createdAt }

function ofExtra(scope: ProjectScope, extraId: string) {
  return and(eq(bookingExtras.id, extraId), eq(bookingExtras.projectId, scope.projectId), eq(bookingExtras.orgId, scope.orgId))
}

export async function listExtras(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select(extraColumns).from(bookingExtras)
    .where(and(eq(bookingExtras.projectId, scope.projectId), eq(bookingExtras.orgId, scope.orgId)))
    .orderBy(asc(bookingExtras.name), asc(bookingExtras.createdAt))
}

/** Audited `booking_extra.created`. */
export async function createExtra(db: DbOrTx, scope: ProjectScope, input: z.infer<typeof extraSchema>, actor: Actor) {
  await requireProject(db, scope)
  await assertProjectServices(db, scope, input.serviceIds, 'serviceIds')
  return await db.transaction(async (tx) => {
    const [extra] = await tx.insert(bookingExtras).values({ ...input, orgId: scope.orgId, projectId: scope.projectId }).returning(extraColumns)
    await auditProjectChange(tx, actor, scope, { action: 'booking_extra.created', targetType: 'booking_extra', targetId: extra!.id, metadata: { name: extra!.name } })
    return extra!
  })
}

/** Changes the fields sent (audited `booking_extra.updated`). */
export async function updateExtra(db: DbOrTx, scope: ProjectScope, extraId: string, changes: z.infer<typeof extraUpdateSchema>, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(extraId)) throw new NotFoundError('Extra not found.')
  const values = definedOnly(changes)
  if (values.serviceIds) await assertProjectServices(db, scope, values.serviceIds, 'serviceIds')
  if (Object.keys(values).length === 0) {
    const [extra] = await db.select(extraColumns).from(bookingExtras).where(ofExtra(scope, extraId))
    if (!extra) throw new NotFoundError('Extra not found.')
    return extra
  }
  return await db.transaction(async (tx) => {
    const [extra] = await tx.update(bookingExtras).set(values).where(ofExtra(scope, extraId)).returning(extraColumns)
    if (!extra) throw new NotFoundError('Extra not found.')
    await auditProjectChange(tx, actor, scope, { action: 'booking_extra.updated', targetType: 'booking_extra', targetId: extra.id, metadata: { fields: Object.keys(values) } })
    return extra
  })
}

/** Bookings keep a copy of the extras they were booked with, so deleting one rewrites no history. Audited `booking_extra.deleted`. */
export async function deleteExtra(db: DbOrTx, scope: ProjectScope, extraId: string, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(extraId)) throw new NotFoundError('Extra not found.')
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(bookingExtras).where(ofExtra(scope, extraId)).returning({ id: bookingExtras.id, name: bookingExtras.name })
    if (!deleted) throw new NotFoundError('Extra not found.')
    await auditProjectChange(tx, actor, scope, { action: 'booking_extra.deleted', targetType: 'booking_extra', targetId: deleted.id, metadata: { name: deleted.name } })
  })
}
