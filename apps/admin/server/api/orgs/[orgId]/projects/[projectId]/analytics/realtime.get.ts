import { queryRealtime } from '@flectar/analytics'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  setResponseHeader(event, 'cache-control', 'no-store')
  return { visitors: await queryRealtime(useDatabase().db, scope) }
})
