import { deleteService } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  await deleteService(useDatabase().db, scope, getRouterParam(event, 'serviceId') ?? '')
  return { status: 'deleted' }
})
