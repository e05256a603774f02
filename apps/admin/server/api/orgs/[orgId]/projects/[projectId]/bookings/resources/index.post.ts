import { createResource, resourceSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(resourceSchema, await readBody(event))
  const created = await createResource(useDatabase().db, scope, input)
  setResponseStatus(event, 201)
  return created
})
