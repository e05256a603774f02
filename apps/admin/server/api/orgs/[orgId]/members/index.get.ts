import { listMembers } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'viewer')
  return { data: await listMembers(useDatabase().db, user.id, org.id) }
})
