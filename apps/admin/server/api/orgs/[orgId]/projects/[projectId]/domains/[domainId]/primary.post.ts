import { notifySiteChanged, setPrimaryDomain } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'admin')
  const { db } = useDatabase()
  await setPrimaryDomain(db, scope, getRouterParam(event, 'domainId') ?? '')
  await notifySiteChanged(db, scope.projectId)
  return { status: 'primary' }
})
