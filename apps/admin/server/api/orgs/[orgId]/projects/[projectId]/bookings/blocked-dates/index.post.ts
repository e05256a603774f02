import { createBlockedDate, blockedDateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(blockedDateSchema, await readBody(event))
  const created = await createBlockedDate(useDatabase().db, scope, input)
  setResponseStatus(event, 201)
  return created
})
