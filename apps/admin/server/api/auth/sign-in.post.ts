import { rateLimitKey, signInWithPassword } from '@flectar/accounts'
import { signInSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const input = parseInput(signInSchema, await readBody(event))
  await enforceRateLimit(event, 'signIn', [rateLimitKey('email', input.email)])
  const result = await signInWithPassword(useDatabase().db, useAccountsEnv(), getRequestContext(event), input)
  return finishSignIn(event, result)
})
