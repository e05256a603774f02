import { createExtra, extraSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(extraSchema, await readBody(event))
  const created = await createExtra(useDatabase().db, scope, input)
  setResponseStatus(event, 201)
  return created
})
