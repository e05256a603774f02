import { verifyEmail } from '@flectar/accounts'
import { tokenSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { token } = parseInput(tokenSchema, await readBody(event))
  const result = await verifyEmail(useDatabase().db, getRequestContext(event), token)
  if (result.status === 'signed_in') setSessionCookie(event, result.sessionToken)
  return { status: result.status }
})
