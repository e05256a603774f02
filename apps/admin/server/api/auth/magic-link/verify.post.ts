import { signInWithMagicLink } from '@flectar/accounts'
import { tokenSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { token } = parseInput(tokenSchema, await readBody(event))
  await enforceRateLimit(event, 'magicLink')
  return finishSignIn(event, await signInWithMagicLink(useDatabase().db, getRequestContext(event), token))
})
