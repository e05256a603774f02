import { notifySiteChanged, verifyDomain } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'admin')
  const { db } = useDatabase()
  const result = await verifyDomain(db, scope, getRouterParam(event, 'domainId') ?? '')
  if (result.verified) await notifySiteChanged(db, scope.projectId)
  return result
})
