import { signOutEverywhereElse } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, session } = await requireAuth(event)
  const revoked = await signOutEverywhereElse(useDatabase().db, getRequestContext(event), user.id, session.id)
  return { revoked }
})
