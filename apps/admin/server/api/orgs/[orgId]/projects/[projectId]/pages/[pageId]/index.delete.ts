import { deletePage } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deletePage(db, scope, getRouterParam(event, 'pageId') ?? '', actor)
  return { status: 'deleted' }
})
