import { listRedirects } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  return { data: await listRedirects(useDatabase().db, scope) }
})
