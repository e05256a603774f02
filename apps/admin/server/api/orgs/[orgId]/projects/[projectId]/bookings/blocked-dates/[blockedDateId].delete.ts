import { deleteBlockedDate } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteBlockedDate(db, scope, getRouterParam(event, 'blockedDateId') ?? '', actor)
  return { status: 'deleted' }
})
