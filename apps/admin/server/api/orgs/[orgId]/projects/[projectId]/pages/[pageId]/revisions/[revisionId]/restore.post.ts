import { restorePageRevision } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const page = await restorePageRevision(db, scope, getRouterParam(event, 'pageId') ?? '', getRouterParam(event, 'revisionId') ?? '', actor)
  return { id: page.id, draft: page.draft, draftVersion: page.draftVersion }
})
