import { acceptInvitation, setActiveOrg } from '@flectar/accounts'
import { acceptInvitationSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const input = parseInput(acceptInvitationSchema, await readBody(event))
  const auth = await getAuth(event)
  const { db } = useDatabase()
  const result = await acceptInvitation(db, getRequestContext(event), { ...input, userId: auth?.user.id })
  if (result.sessionToken) setSessionCookie(event, result.sessionToken)
  else if (auth) await setActiveOrg(db, auth.session.id, result.orgId)
  return { orgId: result.orgId, role: result.role }
})
