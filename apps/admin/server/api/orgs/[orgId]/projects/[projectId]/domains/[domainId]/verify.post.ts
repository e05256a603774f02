import { recordAuditEvent } from '@flectar/accounts'
import { notifySiteChanged, verifyDomain } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope, user } = await requireProjectAccess(event, 'admin')
  const { db } = useDatabase()
  const { verified, method, hostname, movedFrom } = await verifyDomain(db, scope, getRouterParam(event, 'domainId') ?? '')
  if (verified && method !== 'already') {
    await notifySiteChanged(db, scope.projectId)
    if (movedFrom) await notifySiteChanged(db, movedFrom.projectId)
    await recordAuditEvent(db, getRequestContext(event), { action: 'domain.verified', orgId: scope.orgId, actorUserId: user.id, targetType: 'project', targetId: scope.projectId, metadata: { hostname, method, movedFromAnotherSite: Boolean(movedFrom) } })
  }
  return { verified, method }
})
