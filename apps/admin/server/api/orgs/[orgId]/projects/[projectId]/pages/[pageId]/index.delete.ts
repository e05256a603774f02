import { deletePage, notifySiteChanged } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const { db } = useDatabase()
  await deletePage(db, scope, getRouterParam(event, 'pageId') ?? '')
  await notifySiteChanged(db, scope.projectId)
  return { status: 'deleted' }
})
