import { listResources } from '@flectar/bookings'

// The calendar's columns, for every member (the configuration list is for editors).
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const resources = await listResources(db, scope)
  return { data: resources.map(({ id, name, kind, timeZone, active }) => ({ id, name, kind, timeZone, active })) }
})
