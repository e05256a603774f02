import { deletePlan } from '@flectar/subscriptions'

/** Deletes a plan nobody subscribed to, or archives it: `{ deleted, archived }`. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  return await deletePlan(db, scope, getRouterParam(event, 'planId') ?? '', actor)
})
