import { listPages } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  return { data: await listPages(useDatabase().db, scope) }
})
