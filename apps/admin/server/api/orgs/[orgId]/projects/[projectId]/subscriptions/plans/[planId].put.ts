import { updatePlan } from '@flectar/subscriptions'

/** Changes a plan; a new price applies to new subscribers only. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  return await updatePlan(db, scope, getRouterParam(event, 'planId') ?? '', await readBody(event), actor)
})
