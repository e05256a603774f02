import { confirmTotpEnrolment } from '@flectar/accounts'
import { confirmTotpSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const { code } = parseInput(confirmTotpSchema, await readBody(event))
  await enforceRateLimit(event, 'twoFactor', [`user:${user.id}`])
  setResponseHeader(event, 'cache-control', 'no-store')
  return await confirmTotpEnrolment(useDatabase().db, useAccountsEnv(), getRequestContext(event), user.id, code)
})
