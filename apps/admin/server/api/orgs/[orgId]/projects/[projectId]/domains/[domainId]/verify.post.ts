import { verifyDomain } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const { verified, method } = await verifyDomain(db, scope, getRouterParam(event, 'domainId') ?? '', actor)
  return { verified, method }
})
