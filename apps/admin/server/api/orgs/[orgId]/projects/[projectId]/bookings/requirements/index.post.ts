import { createRequirement, requirementSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(requirementSchema, await readBody(event))
  const created = await createRequirement(useDatabase().db, scope, input)
  setResponseStatus(event, 201)
  return created
})
