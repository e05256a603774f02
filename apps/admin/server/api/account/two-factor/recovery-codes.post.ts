import { regenerateRecoveryCodes } from '@flectar/accounts'
import { reauthenticateSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const { password } = parseInput(reauthenticateSchema, await readBody(event))
  await enforceRateLimit(event, 'signIn', [`user:${user.id}`])
  setResponseHeader(event, 'cache-control', 'no-store')
  return await regenerateRecoveryCodes(useDatabase().db, getRequestContext(event), user.id, password)
})
