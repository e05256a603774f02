import { listApiKeys } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'admin')
  return { data: await listApiKeys(useDatabase().db, scope) }
})
