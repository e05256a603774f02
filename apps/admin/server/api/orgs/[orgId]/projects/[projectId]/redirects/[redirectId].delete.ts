import { deleteRedirect } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteRedirect(db, scope, getRouterParam(event, 'redirectId') ?? '', actor)
  return { status: 'deleted' }
})
