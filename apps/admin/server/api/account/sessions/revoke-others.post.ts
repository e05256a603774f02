import { recordAuditEvent, revokeOtherSessions } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, session } = await requireAuth(event)
  const { db } = useDatabase()
  const revoked = await revokeOtherSessions(db, user.id, session.id)
  await recordAuditEvent(db, getRequestContext(event), { action: 'auth.sessions_revoked', actorUserId: user.id, metadata: { count: revoked } })
  return { revoked }
})
