import { deleteMedia } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const assetId = getRouterParam(event, 'assetId') ?? ''
  const { undeletedKeys } = await deleteMedia(db, useFileStorage(), scope, assetId, actor)
  // The row is gone either way; files a store refused to delete are orphans to clean up by hand.
  if (undeletedKeys.length > 0) useLogger().warn('Media files left behind after delete', { assetId, keys: undeletedKeys })
  return { status: 'deleted' }
})
