import { deleteService } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteService(db, scope, getRouterParam(event, 'serviceId') ?? '', actor)
  return { status: 'deleted' }
})
