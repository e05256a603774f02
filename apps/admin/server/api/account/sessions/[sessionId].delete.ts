import { recordAuditEvent, revokeSession } from '@flectar/accounts'
import { NotFoundError } from '@flectar/errors'
import { isUuid } from '@flectar/validation'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const sessionId = getRouterParam(event, 'sessionId') ?? ''
  if (!isUuid(sessionId)) throw new NotFoundError('That session does not exist or has ended.')
  const { db } = useDatabase()
  await revokeSession(db, user.id, sessionId)
  await recordAuditEvent(db, getRequestContext(event), { action: 'auth.session_revoked', actorUserId: user.id, targetType: 'session', targetId: sessionId })
  return { status: 'revoked' }
})
