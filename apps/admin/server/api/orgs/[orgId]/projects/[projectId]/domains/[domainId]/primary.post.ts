import { setPrimaryDomain } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  await setPrimaryDomain(db, scope, getRouterParam(event, 'domainId') ?? '', actor)
  return { status: 'primary' }
})
