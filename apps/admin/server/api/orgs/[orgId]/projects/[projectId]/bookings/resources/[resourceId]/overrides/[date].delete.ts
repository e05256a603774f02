import { deleteDateOverride } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteDateOverride(db, scope, getRouterParam(event, 'resourceId') ?? '', getRouterParam(event, 'date') ?? '', actor)
  return { status: 'deleted' }
})
