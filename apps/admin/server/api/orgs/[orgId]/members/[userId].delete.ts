import { removeMember } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  await removeMember(useDatabase().db, getRequestContext(event), user.id, org.id, getRouterParam(event, 'userId') ?? '')
  return { status: 'removed' }
})
