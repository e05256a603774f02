import { recordAuditEvent } from '@flectar/accounts'
import { notifySiteChanged, publishPage } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope, user } = await requireProjectAccess(event, 'editor')
  const { db } = useDatabase()
  const page = await publishPage(db, scope, getRouterParam(event, 'pageId') ?? '', user.id)
  await notifySiteChanged(db, scope.projectId)
  await recordAuditEvent(db, getRequestContext(event), { action: 'page.published', orgId: scope.orgId, actorUserId: user.id, targetType: 'page', targetId: page.id, metadata: { path: page.path, locale: page.locale } })
  return { id: page.id, publishedAt: page.publishedAt }
})
