import { deleteExtra } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  await deleteExtra(useDatabase().db, scope, getRouterParam(event, 'extraId') ?? '')
  return { status: 'deleted' }
})
