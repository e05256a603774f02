import { revokeInvitation } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  await revokeInvitation(useDatabase().db, getRequestContext(event), user.id, org.id, getRouterParam(event, 'invitationId') ?? '')
  return { status: 'revoked' }
})
