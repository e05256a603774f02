import { listSessions } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, session } = await requireAuth(event)
  return { data: await listSessions(useDatabase().db, user.id, session.id) }
})
