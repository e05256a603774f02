import { recordAuditEvent } from '@flectar/accounts'
import { deleteMedia } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope, user } = await requireProjectAccess(event, 'editor')
  const { db } = useDatabase()
  const assetId = getRouterParam(event, 'assetId') ?? ''
  const { undeletedKeys } = await deleteMedia(db, useFileStorage(), scope, assetId)
  // The row is gone either way; files a store refused to delete are orphans to clean up by hand.
  if (undeletedKeys.length > 0) useLogger().warn('Media files left behind after delete', { assetId, keys: undeletedKeys })
  await recordAuditEvent(db, getRequestContext(event), { action: 'media.deleted', orgId: scope.orgId, actorUserId: user.id, targetType: 'media', targetId: assetId })
  return { status: 'deleted' }
})
