import { deleteResource } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteResource(db, scope, getRouterParam(event, 'resourceId') ?? '', actor)
  return { status: 'deleted' }
})
