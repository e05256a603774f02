import { and, asc, eq } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { isUuid } from '@flectar/validation'
import { bookingBlockedDates, bookingDateOverrides, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { requireResource } from './resources'
import { auditProjectChange, requireProject, type ProjectScope } from '@flectar/sites'
import { dateSchema } from './fields'
import type { BlockedDateInput, DateOverrideInput } from './schemas'
import { assertProjectResources, parseDate } from './shared'

// Date overrides replace a resource's weekly hours on one date; blocked dates close a range
// of dates for one resource or, without one, for the whole project.

const overrideColumns = { id: bookingDateOverrides.id, resourceId: bookingDateOverrides.resourceId, date: bookingDateOverrides.date, intervals: bookingDateOverrides.intervals }

export async function listDateOverrides(db: DbOrTx, scope: ProjectScope, resourceId: string) {
  await requireResource(db, scope, resourceId)
  return await db.select(overrideColumns).from(bookingDateOverrides)
    .where(and(eq(bookingDateOverrides.resourceId, resourceId), eq(bookingDateOverrides.projectId, scope.projectId), eq(bookingDateOverrides.orgId, scope.orgId)))
    .orderBy(asc(bookingDateOverrides.date))
}

/** Sets the hours of one date for a resource, replacing what that date had (audited `booking_date_override.set`). */
export async function upsertDateOverride(db: DbOrTx, scope: ProjectScope, resourceId: string, date: string, input: DateOverrideInput, actor: Actor) {
  await requireResource(db, scope, resourceId)
  const day = parseDate(date, 'date')
  return await db.transaction(async (tx) => {
    const [override] = await tx.insert(bookingDateOverrides)
      .values({ orgId: scope.orgId, projectId: scope.projectId, resourceId, date: day, intervals: input.intervals })
      .onConflictDoUpdate({ target: [bookingDateOverrides.resourceId, bookingDateOverrides.date], set: { intervals: input.intervals } })
      .returning(overrideColumns)
    await auditProjectChange(tx, actor, scope, { action: 'booking_date_override.set', targetType: 'booking_resource', targetId: resourceId, metadata: { date: day, intervals: input.intervals } })
    return override!
  })
}

/** Audited `booking_date_override.deleted`. */
export async function deleteDateOverride(db: DbOrTx, scope: ProjectScope, resourceId: string, date: string, actor: Actor) {
  await requireResource(db, scope, resourceId)
  if (!dateSchema.safeParse(date).success) throw new NotFoundError('No override on that date.')
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(bookingDateOverrides)
      .where(and(eq(bookingDateOverrides.resourceId, resourceId), eq(bookingDateOverrides.date, date), eq(bookingDateOverrides.projectId, scope.projectId), eq(bookingDateOverrides.orgId, scope.orgId)))
      .returning({ id: bookingDateOverrides.id })
    if (deleted.length === 0) throw new NotFoundError('No override on that date.')
    await auditProjectChange(tx, actor, scope, { action: 'booking_date_override.deleted', targetType: 'booking_resource', targetId: resourceId, metadata: { date } })
  })
}

const blockedColumns = { id: bookingBlockedDates.id, resourceId: bookingBlockedDates.resourceId, fromDate: bookingBlockedDates.fromDate, toDate: bookingBlockedDates.toDate, reason: bookingBlockedDates.reason }

export async function listBlockedDates(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select(blockedColumns).from(bookingBlockedDates)
    .where(and(eq(bookingBlockedDates.projectId, scope.projectId), eq(bookingBlockedDates.orgId, scope.orgId)))
    .orderBy(asc(bookingBlockedDates.fromDate), asc(bookingBlockedDates.toDate))
}

/** Closes a range of dates (audited `booking_closure.created`). */
export async function createBlockedDate(db: DbOrTx, scope: ProjectScope, input: BlockedDateInput, actor: Actor) {
  await requireProject(db, scope)
  if (input.resourceId) await assertProjectResources(db, scope, [input.resourceId], 'resourceId')
  return await db.transaction(async (tx) => {
    const [blocked] = await tx.insert(bookingBlockedDates)
      .values({ orgId: scope.orgId, projectId: scope.projectId, resourceId: input.resourceId, fromDate: input.fromDate, toDate: input.toDate, reason: input.reason })
      .returning(blockedColumns)
    await auditProjectChange(tx, actor, scope, { action: 'booking_closure.created', targetType: 'booking_closure', targetId: blocked!.id, metadata: { fromDate: blocked!.fromDate, toDate: blocked!.toDate, resourceId: blocked!.resourceId } })
    return blocked!
  })
}

/** Audited `booking_closure.deleted`. */
export async function deleteBlockedDate(db: DbOrTx, scope: ProjectScope, blockedDateId: string, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(blockedDateId)) throw new NotFoundError('Closure not found.')
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(bookingBlockedDates)
      .where(and(eq(bookingBlockedDates.id, blockedDateId), eq(bookingBlockedDates.projectId, scope.projectId), eq(bookingBlockedDates.orgId, scope.orgId)))
      .returning(blockedColumns)
    if (!deleted) throw new NotFoundError('Closure not found.')
    await auditProjectChange(tx, actor, scope, { action: 'booking_closure.deleted', targetType: 'booking_closure', targetId: deleted.id, metadata: { fromDate: deleted.fromDate, toDate: deleted.toDate, resourceId: deleted.resourceId } })
  })
}
