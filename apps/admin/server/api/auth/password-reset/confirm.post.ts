import { resetPassword } from '@flectar/accounts'
import { resetPasswordSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const input = parseInput(resetPasswordSchema, await readBody(event))
  await enforceRateLimit(event, 'passwordReset')
  await resetPassword(useDatabase().db, useAccountsEnv(), getRequestContext(event), input)
  return { status: 'password_reset' }
})
