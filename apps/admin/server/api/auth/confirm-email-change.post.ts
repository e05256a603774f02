import { confirmEmailChange } from '@flectar/accounts'
import { tokenSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

// The link from the new inbox; the browser that opens it stays signed in if it was.
export default defineEventHandler(async (event) => {
  const { token } = parseInput(tokenSchema, await readBody(event))
  const auth = await getAuth(event)
  const result = await confirmEmailChange(useDatabase().db, getRequestContext(event), token, { keepSessionId: auth?.session.id })
  return { status: result.status, email: result.email, signedIn: auth?.user.id === result.userId }
})
