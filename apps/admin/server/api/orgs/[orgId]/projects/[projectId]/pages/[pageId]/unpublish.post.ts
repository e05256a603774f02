import { unpublishPage } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await unpublishPage(db, scope, getRouterParam(event, 'pageId') ?? '', actor)
  return { status: 'unpublished' }
})
