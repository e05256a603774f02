import { disableTotp } from '@flectar/accounts'
import { reauthenticateSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const { password } = parseInput(reauthenticateSchema, await readBody(event))
  await enforceRateLimit(event, 'signIn', [`user:${user.id}`])
  await disableTotp(useDatabase().db, getRequestContext(event), user.id, password)
  return { status: 'disabled' }
})
