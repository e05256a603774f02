import { removeMember } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'viewer')
  await removeMember(useDatabase().db, getRequestContext(event), user.id, org.id, user.id)
  return { status: 'left' }
})
