import { listFormSubmissions } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  return { data: await listFormSubmissions(useDatabase().db, scope) }
})
