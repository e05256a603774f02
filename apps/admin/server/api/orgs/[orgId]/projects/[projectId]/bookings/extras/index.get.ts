import { listExtras } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  return { data: await listExtras(useDatabase().db, scope) }
})
