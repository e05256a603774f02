import { listMyOrganizations } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  return { data: await listMyOrganizations(useDatabase().db, user.id) }
})
