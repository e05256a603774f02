import { removeDomain } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  await removeDomain(db, scope, getRouterParam(event, 'domainId') ?? '', actor)
  return { status: 'removed' }
})
