import { and, asc, eq } from 'drizzle-orm'
import type { z } from 'zod'
import { isUuid } from '@flectar/validation'
import { bookingExtras, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { requireProject, type ProjectScope } from '@flectar/sites'
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

export async function createExtra(db: DbOrTx, scope: ProjectScope, input: z.infer<typeof extraSchema>) {
  await requireProject(db, scope)
  await assertProjectServices(db, scope, input.serviceIds, 'serviceIds')
  const [extra] = await db.insert(bookingExtras).values({ ...input, orgId: scope.orgId, projectId: scope.projectId }).returning(extraColumns)
  return extra!
}

export async function updateExtra(db: DbOrTx, scope: ProjectScope, extraId: string, changes: z.infer<typeof extraUpdateSchema>) {
  await requireProject(db, scope)
  if (!isUuid(extraId)) throw new NotFoundError('Extra not found.')
  const values = definedOnly(changes)
  if (values.serviceIds) await assertProjectServices(db, scope, values.serviceIds, 'serviceIds')
  const [extra] = Object.keys(values).length === 0
    ? await db.select(extraColumns).from(bookingExtras).where(ofExtra(scope, extraId))
    : await db.update(bookingExtras).set(values).where(ofExtra(scope, extraId)).returning(extraColumns)
  if (!extra) throw new NotFoundError('Extra not found.')
  return extra
}

/** Bookings keep a copy of the extras they were booked with, so deleting one rewrites no history. */
export async function deleteExtra(db: DbOrTx, scope: ProjectScope, extraId: string) {
  await requireProject(db, scope)
  const deleted = isUuid(extraId) ? await db.delete(bookingExtras).where(ofExtra(scope, extraId)).returning({ id: bookingExtras.id }) : []
  if (deleted.length === 0) throw new NotFoundError('Extra not found.')
}
