import { resendInvitation } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  await enforceRateLimit(event, 'invitations', [`org:${org.id}`])
  const invitation = await resendInvitation(useDatabase().db, useAccountsEnv(), getRequestContext(event), user.id, org.id, getRouterParam(event, 'invitationId') ?? '')
  return { id: invitation.id, expiresAt: invitation.expiresAt }
})
