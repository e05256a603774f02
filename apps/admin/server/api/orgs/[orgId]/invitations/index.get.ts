import { listInvitations } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  return { data: await listInvitations(useDatabase().db, user.id, org.id) }
})
