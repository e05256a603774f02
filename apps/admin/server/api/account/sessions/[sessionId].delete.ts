import { revokeSession } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  await revokeSession(useDatabase().db, getRequestContext(event), user.id, getRouterParam(event, 'sessionId') ?? '')
  return { status: 'revoked' }
})
