import { requestEmailChange } from '@flectar/accounts'
import { changeEmailSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

// Starts an email change: a link to the new address, a notice to the current one.
export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const input = parseInput(changeEmailSchema, await readBody(event))
  await enforceRateLimit(event, 'signIn', [`user:${user.id}`])
  return await requestEmailChange(useDatabase().db, useAccountsEnv(), getRequestContext(event), user.id, input)
})
