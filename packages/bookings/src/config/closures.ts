import { and, asc, eq } from 'drizzle-orm'
import { isUuid } from '@flectar/validation'
import { bookingBlockedDates, bookingDateOverrides, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { requireResource } from './resources'
import { requireProject, type ProjectScope } from '@flectar/sites'
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

/** Sets the hours of one date for a resource, replacing what that date had. */
export async function upsertDateOverride(db: DbOrTx, scope: ProjectScope, resourceId: string, date: string, input: DateOverrideInput) {
  await requireResource(db, scope, resourceId)
  const day = parseDate(date, 'date')
  const [override] = await db.insert(bookingDateOverrides)
    .values({ orgId: scope.orgId, projectId: scope.projectId, resourceId, date: day, intervals: input.intervals })
    .onConflictDoUpdate({ target: [bookingDateOverrides.resourceId, bookingDateOverrides.date], set: { intervals: input.intervals } })
    .returning(overrideColumns)
  return override!
}

export async function deleteDateOverride(db: DbOrTx, scope: ProjectScope, resourceId: string, date: string) {
  await requireResource(db, scope, resourceId)
  const deleted = dateSchema.safeParse(date).success
    ? await db.delete(bookingDateOverrides)
        .where(and(eq(bookingDateOverrides.resourceId, resourceId), eq(bookingDateOverrides.date, date), eq(bookingDateOverrides.projectId, scope.projectId), eq(bookingDateOverrides.orgId, scope.orgId)))
        .returning({ id: bookingDateOverrides.id })
    : []
  if (deleted.length === 0) throw new NotFoundError('No override on that date.')
}

const blockedColumns = { id: bookingBlockedDates.id, resourceId: bookingBlockedDates.resourceId, fromDate: bookingBlockedDates.fromDate, toDate: bookingBlockedDates.toDate, reason: bookingBlockedDates.reason }

export async function listBlockedDates(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select(blockedColumns).from(bookingBlockedDates)
    .where(and(eq(bookingBlockedDates.projectId, scope.projectId), eq(bookingBlockedDates.orgId, scope.orgId)))
    .orderBy(asc(bookingBlockedDates.fromDate), asc(bookingBlockedDates.toDate))
}

export async function createBlockedDate(db: DbOrTx, scope: ProjectScope, input: BlockedDateInput) {
  await requireProject(db, scope)
  if (input.resourceId) await assertProjectResources(db, scope, [input.resourceId], 'resourceId')
  const [blocked] = await db.insert(bookingBlockedDates)
    .values({ orgId: scope.orgId, projectId: scope.projectId, resourceId: input.resourceId, fromDate: input.fromDate, toDate: input.toDate, reason: input.reason })
    .returning(blockedColumns)
  return blocked!
}

export async function deleteBlockedDate(db: DbOrTx, scope: ProjectScope, blockedDateId: string) {
  await requireProject(db, scope)
  const deleted = isUuid(blockedDateId)
    ? await db.delete(bookingBlockedDates)
        .where(and(eq(bookingBlockedDates.id, blockedDateId), eq(bookingBlockedDates.projectId, scope.projectId), eq(bookingBlockedDates.orgId, scope.orgId)))
        .returning({ id: bookingBlockedDates.id })
    : []
  if (deleted.length === 0) throw new NotFoundError('Closure not found.')
}
