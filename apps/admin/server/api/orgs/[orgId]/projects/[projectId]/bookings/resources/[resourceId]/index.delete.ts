import { deleteResource } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  await deleteResource(useDatabase().db, scope, getRouterParam(event, 'resourceId') ?? '')
  return { status: 'deleted' }
})
