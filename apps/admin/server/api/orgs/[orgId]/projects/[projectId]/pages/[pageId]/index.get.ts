import { getPage } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  return await getPage(useDatabase().db, scope, getRouterParam(event, 'pageId') ?? '')
})
