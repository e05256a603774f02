import { listResources } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  return { data: await listResources(useDatabase().db, scope) }
})
