import { updateProfile } from '@flectar/accounts'
import { profileSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const input = parseInput(profileSchema, await readBody(event))
  return await updateProfile(useDatabase().db, getRequestContext(event), user.id, input)
})
