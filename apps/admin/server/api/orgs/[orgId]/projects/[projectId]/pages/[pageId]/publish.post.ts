import { publishPage } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const page = await publishPage(db, scope, getRouterParam(event, 'pageId') ?? '', actor)
  return { id: page.id, publishedAt: page.publishedAt }
})
