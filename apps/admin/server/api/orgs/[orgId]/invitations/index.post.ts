import { createInvitation } from '@flectar/accounts'
import { planGuard } from '@flectar/billing'
import { invitationSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const input = parseInput(invitationSchema, await readBody(event))
  await enforceRateLimit(event, 'invitations', [`org:${org.id}`])
  const invitation = await createInvitation(useDatabase().db, useAccountsEnv(), getRequestContext(event), user.id, org.id, input, {
    withinPlan: planGuard(useBillingConfig(), org.id, { limit: 'members' }),
  })
  setResponseStatus(event, 201)
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt }
})
