import { listBlockedDates } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  return { data: await listBlockedDates(useDatabase().db, scope) }
})
