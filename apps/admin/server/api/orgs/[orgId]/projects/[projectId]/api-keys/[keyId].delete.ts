import { recordAuditEvent } from '@flectar/accounts'
import { revokeApiKey } from '@flectar/bookings'

/** Revokes the key: calls with it fail from now on. The row stays, for the audit trail. */
export default defineEventHandler(async (event) => {
  const { scope, user } = await requireProjectAccess(event, 'admin')
  const { db } = useDatabase()
  const revoked = await revokeApiKey(db, scope, getRouterParam(event, 'keyId') ?? '')
  await recordAuditEvent(db, getRequestContext(event), { action: 'api_key.revoked', orgId: scope.orgId, actorUserId: user.id, targetType: 'api_key', targetId: revoked.id, metadata: { projectId: scope.projectId, prefix: revoked.prefix } })
  return revoked
})
