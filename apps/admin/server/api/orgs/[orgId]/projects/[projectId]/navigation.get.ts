import { getNavigation } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return await getNavigation(db, scope)
})
