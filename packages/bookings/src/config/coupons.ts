import { and, asc, eq, sql } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import type { z } from 'zod'
import { isUuid } from '@flectar/validation'
import { bookingCoupons, type DbOrTx } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, requireProject, type ProjectScope } from '@flectar/sites'
import { couponRuleErrors, type couponSchema, type couponUpdateSchema } from './schemas'
import { assertProjectServices, definedOnly, isUniqueViolation } from './shared'

const couponColumns = {
  id: bookingCoupons.id,
  code: bookingCoupons.code,
  kind: bookingCoupons.kind,
  amount: bookingCoupons.amount,
  validFrom: bookingCoupons.validFrom,
  validUntil: bookingCoupons.validUntil,
  maxUses: bookingCoupons.maxUses,
  usedCount: bookingCoupons.usedCount,
  serviceIds: bookingCoupons.serviceIds,
  onePerCustomer: bookingCoupons.onePerCustomer,
  active: bookingCoupons.active,
  createdAt: bookingCoupons.createdAt,
}

function ofCoupon(scope: ProjectScope, couponId: string) {
  return and(eq(bookingCoupons.id, couponId), eq(bookingCoupons.projectId, scope.projectId), eq(bookingCoupons.orgId, scope.orgId))
}

function codeTaken(code: string) {
  return new ConflictError(`This site already has a coupon ${code}. Choose another code or edit that coupon.`, 'coupon_code_taken', { fields: { code: 'This code is already used' } })
}

export async function listCoupons(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select(couponColumns).from(bookingCoupons)
    .where(and(eq(bookingCoupons.projectId, scope.projectId), eq(bookingCoupons.orgId, scope.orgId)))
    .orderBy(asc(bookingCoupons.code))
}

/** Audited `booking_coupon.created`; a code the project already has is a 409. */
export async function createCoupon(db: DbOrTx, scope: ProjectScope, input: z.infer<typeof couponSchema>, actor: Actor) {
  await requireProject(db, scope)
  await assertProjectServices(db, scope, input.serviceIds, 'serviceIds')
  return await db.transaction(async (tx) => {
    const [coupon] = await tx.insert(bookingCoupons).values({ ...input, orgId: scope.orgId, projectId: scope.projectId })
      .onConflictDoNothing({ target: [bookingCoupons.projectId, bookingCoupons.code] })
      .returning(couponColumns)
    if (!coupon) throw codeTaken(input.code)
    await auditProjectChange(tx, actor, scope, { action: 'booking_coupon.created', targetType: 'booking_coupon', targetId: coupon.id, metadata: { code: coupon.code, kind: coupon.kind, amount: coupon.amount } })
    return coupon
  })
}

/** Changes the fields sent, the times used stay as counted (audited `booking_coupon.updated`). */
export async function updateCoupon(db: DbOrTx, scope: ProjectScope, couponId: string, changes: z.infer<typeof couponUpdateSchema>, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(couponId)) throw new NotFoundError('Coupon not found.')
  const [existing] = await db.select(couponColumns).from(bookingCoupons).where(ofCoupon(scope, couponId))
  if (!existing) throw new NotFoundError('Coupon not found.')
  const values = definedOnly(changes)
  const errors = couponRuleErrors({ ...existing, ...values })
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors)
  if (values.serviceIds) await assertProjectServices(db, scope, values.serviceIds, 'serviceIds')
  if (Object.keys(values).length === 0) return existing
  try {
    return await db.transaction(async (tx) => {
      const [coupon] = await tx.update(bookingCoupons).set(values).where(ofCoupon(scope, couponId)).returning(couponColumns)
      if (!coupon) throw new NotFoundError('Coupon not found.')
      await auditProjectChange(tx, actor, scope, { action: 'booking_coupon.updated', targetType: 'booking_coupon', targetId: coupon.id, metadata: { fields: Object.keys(values) } })
      return coupon
    })
  }
  catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(values.code ?? existing.code)
    throw error
  }
}

/**
 * Deletes a coupon nobody used (audited `booking_coupon.deleted`). A used one is refused with
 * 409 `coupon_in_use`: its redemptions count for "one per customer", so deactivate it instead.
 */
export async function deleteCoupon(db: DbOrTx, scope: ProjectScope, couponId: string, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(couponId)) throw new NotFoundError('Coupon not found.')
  const deleted = await db.transaction(async (tx) => {
    const [row] = await tx.delete(bookingCoupons).where(and(ofCoupon(scope, couponId), sql`${bookingCoupons.usedCount} = 0`)).returning({ id: bookingCoupons.id, code: bookingCoupons.code })
    if (row) await auditProjectChange(tx, actor, scope, { action: 'booking_coupon.deleted', targetType: 'booking_coupon', targetId: row.id, metadata: { code: row.code } })
    return row
  })
  if (deleted) return
  const [exists] = await db.select({ id: bookingCoupons.id }).from(bookingCoupons).where(ofCoupon(scope, couponId))
  if (!exists) throw new NotFoundError('Coupon not found.')
  throw new ConflictError('This coupon has been used, so it cannot be deleted. Deactivate it instead: it stops working and its history stays.', 'coupon_in_use')
}
