import { changePassword } from '@flectar/accounts'
import { changePasswordSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user, session } = await requireAuth(event)
  const input = parseInput(changePasswordSchema, await readBody(event))
  await enforceRateLimit(event, 'signIn', [`user:${user.id}`])
  await changePassword(useDatabase().db, useAccountsEnv(), getRequestContext(event), { userId: user.id, sessionId: session.id, ...input })
  return { status: 'password_changed' }
})
