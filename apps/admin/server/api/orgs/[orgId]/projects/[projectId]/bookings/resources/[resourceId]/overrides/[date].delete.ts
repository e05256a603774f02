import { deleteDateOverride } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  await deleteDateOverride(useDatabase().db, scope, getRouterParam(event, 'resourceId') ?? '', getRouterParam(event, 'date') ?? '')
  return { status: 'deleted' }
})
