import { restorePageRevision } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const page = await restorePageRevision(useDatabase().db, scope, getRouterParam(event, 'pageId') ?? '', getRouterParam(event, 'revisionId') ?? '')
  return { id: page.id, draft: page.draft, draftVersion: page.draftVersion }
})
