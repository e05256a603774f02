import { listDateOverrides } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  return { data: await listDateOverrides(useDatabase().db, scope, getRouterParam(event, 'resourceId') ?? '') }
})
