import { notifySiteChanged, removeDomain } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'admin')
  const { db } = useDatabase()
  await removeDomain(db, scope, getRouterParam(event, 'domainId') ?? '')
  await notifySiteChanged(db, scope.projectId)
  return { status: 'removed' }
})
