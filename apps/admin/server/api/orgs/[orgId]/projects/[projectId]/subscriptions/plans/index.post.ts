import { createPlan } from '@flectar/subscriptions'

/** A new plan (201); the currency is the site's. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const plan = await createPlan(db, scope, await readBody(event), actor)
  setResponseStatus(event, 201)
  return plan
})
