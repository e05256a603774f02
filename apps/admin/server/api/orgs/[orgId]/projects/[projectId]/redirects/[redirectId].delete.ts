import { deleteRedirect, notifySiteChanged } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const { db } = useDatabase()
  await deleteRedirect(db, scope, getRouterParam(event, 'redirectId') ?? '')
  await notifySiteChanged(db, scope.projectId)
  return { status: 'deleted' }
})
