import { deleteBlockedDate } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  await deleteBlockedDate(useDatabase().db, scope, getRouterParam(event, 'blockedDateId') ?? '')
  return { status: 'deleted' }
})
