import { and, asc, count, eq, inArray } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { bookingServices, customerSubscriptions, subscriptionPlans, type DbOrTx } from '@flectar/db'
import { InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import { auditProjectChange, requireProject, type ProjectScope } from '@flectar/sites'
import { isUuid } from '@flectar/validation'
import { subscriptionPlanSchema } from './schemas'

export type SubscriptionPlan = typeof subscriptionPlans.$inferSelect

/** The project's plans, oldest first; `activeOnly` for what the site offers. */
export async function listPlans(db: DbOrTx, scope: ProjectScope, options: { activeOnly?: boolean } = {}): Promise<SubscriptionPlan[]> {
  return await db.select().from(subscriptionPlans)
    .where(and(eq(subscriptionPlans.projectId, scope.projectId), eq(subscriptionPlans.orgId, scope.orgId), options.activeOnly ? eq(subscriptionPlans.active, true) : undefined))
    .orderBy(asc(subscriptionPlans.createdAt), asc(subscriptionPlans.id))
}

export async function requirePlan(db: DbOrTx, scope: ProjectScope, planId: string): Promise<SubscriptionPlan> {
  if (!isUuid(planId)) throw new NotFoundError('There is no such plan.', 'plan_not_found')
  const [plan] = await db.select().from(subscriptionPlans)
    .where(and(eq(subscriptionPlans.id, planId), eq(subscriptionPlans.projectId, scope.projectId), eq(subscriptionPlans.orgId, scope.orgId)))
  if (!plan) throw new NotFoundError('There is no such plan.', 'plan_not_found')
  return plan
}

async function checkServices(db: DbOrTx, scope: ProjectScope, serviceIds: string[]) {
  if (serviceIds.length === 0) return
  const found = await db.select({ id: bookingServices.id }).from(bookingServices)
    .where(and(eq(bookingServices.projectId, scope.projectId), inArray(bookingServices.id, serviceIds)))
  if (found.length !== new Set(serviceIds).size) throw new InvalidInputError({ serviceIds: 'Choose services of this site' })
}

export async function createPlan(db: DbOrTx, scope: ProjectScope, input: unknown, actor: Actor): Promise<SubscriptionPlan> {
  const values = parseInput(subscriptionPlanSchema, input)
  const project = await requireProject(db, scope)
  await checkServices(db, scope, values.serviceIds)
  return await db.transaction(async (tx) => {
    const [plan] = await tx.insert(subscriptionPlans).values({ ...scope, ...values, serviceIds: [...new Set(values.serviceIds)], currency: project.currency }).returning()
    await auditProjectChange(tx, actor, scope, { action: 'subscription_plan.created', targetType: 'subscription_plan', targetId: plan!.id, metadata: { name: plan!.name, priceMinor: plan!.priceMinor, interval: plan!.interval } })
    return plan!
  })
}

/**
 * Changes a plan. Its price and interval only apply to new subscribers: Stripe keeps each
 * existing subscription on the price it was bought at.
 */
export async function updatePlan(db: DbOrTx, scope: ProjectScope, planId: string, input: unknown, actor: Actor): Promise<SubscriptionPlan> {
  const values = parseInput(subscriptionPlanSchema, input)
  await requirePlan(db, scope, planId)
  await checkServices(db, scope, values.serviceIds)
  return await db.transaction(async (tx) => {
    const [plan] = await tx.update(subscriptionPlans).set({ ...values, serviceIds: [...new Set(values.serviceIds)], updatedAt: new Date() })
      .where(eq(subscriptionPlans.id, planId)).returning()
    await auditProjectChange(tx, actor, scope, { action: 'subscription_plan.updated', targetType: 'subscription_plan', targetId: planId, metadata: { name: plan!.name, active: plan!.active } })
    return plan!
  })
}

/** Deletes a plan nobody subscribed to; one with subscribers is archived (no longer offered) instead. */
export async function deletePlan(db: DbOrTx, scope: ProjectScope, planId: string, actor: Actor): Promise<{ deleted: boolean, archived: boolean }> {
  await requirePlan(db, scope, planId)
  return await db.transaction(async (tx) => {
    const [used] = await tx.select({ n: count() }).from(customerSubscriptions).where(eq(customerSubscriptions.planId, planId))
    if ((used?.n ?? 0) > 0) {
      await tx.update(subscriptionPlans).set({ active: false, updatedAt: new Date() }).where(eq(subscriptionPlans.id, planId))
      await auditProjectChange(tx, actor, scope, { action: 'subscription_plan.archived', targetType: 'subscription_plan', targetId: planId })
      return { deleted: false, archived: true }
    }
    await tx.delete(subscriptionPlans).where(eq(subscriptionPlans.id, planId))
    await auditProjectChange(tx, actor, scope, { action: 'subscription_plan.deleted', targetType: 'subscription_plan', targetId: planId })
    return { deleted: true, archived: false }
  })
}
