import { listPageRevisions } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  return { data: await listPageRevisions(useDatabase().db, scope, getRouterParam(event, 'pageId') ?? '') }
})
