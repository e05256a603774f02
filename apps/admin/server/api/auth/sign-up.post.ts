import { signUp, rateLimitKey } from '@flectar/accounts'
import { signUpSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const input = parseInput(signUpSchema, await readBody(event))
  await enforceRateLimit(event, 'signUp', [rateLimitKey('email', input.email)])
  return await signUp(useDatabase().db, useAccountsEnv(), getRequestContext(event), input)
})
