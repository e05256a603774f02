import { deleteAccount } from '@flectar/accounts'
import { deleteAccountSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

// Soft-deletes the signed-in account (409 naming the orgs it alone owns with other members).
export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const { password } = parseInput(deleteAccountSchema, await readBody(event))
  await enforceRateLimit(event, 'signIn', [`user:${user.id}`])
  const result = await deleteAccount(useDatabase().db, getRequestContext(event), user.id, { password })
  clearSessionCookie(event)
  return result
})
