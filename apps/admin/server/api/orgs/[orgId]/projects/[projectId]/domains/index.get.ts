import { listDomains } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  return { data: await listDomains(useDatabase().db, scope) }
})
