import { declineInvitation } from '@flectar/accounts'
import { tokenSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { token } = parseInput(tokenSchema, await readBody(event))
  await declineInvitation(useDatabase().db, getRequestContext(event), token)
  return { status: 'declined' }
})
