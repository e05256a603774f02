import { revokeApiKey } from '@flectar/bookings'

/** Revokes the key: calls with it fail from now on. The row stays, for the audit trail. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  return await revokeApiKey(db, scope, getRouterParam(event, 'keyId') ?? '', actor)
})
