import { createExtra, extraSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(extraSchema, await readBody(event))
  const created = await createExtra(db, scope, input, actor)
  setResponseStatus(event, 201)
  return created
})
