import { createRequirement, requirementSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(requirementSchema, await readBody(event))
  const created = await createRequirement(db, scope, input, actor)
  setResponseStatus(event, 201)
  return created
})
