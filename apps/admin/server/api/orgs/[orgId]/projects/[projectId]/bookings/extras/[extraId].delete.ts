import { deleteExtra } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteExtra(db, scope, getRouterParam(event, 'extraId') ?? '', actor)
  return { status: 'deleted' }
})
