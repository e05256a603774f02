import { listPlans } from '@flectar/subscriptions'

/** The site's subscription plans, archived ones too (`active: false`). */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return { plans: await listPlans(db, scope) }
})
