import { listPublicSlots, publicSlotsQuerySchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

/** `GET /api/v1/projects/{slug}/availability`: free slots between two dates of the visitor's zone. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_read', await apiKeyOf(event, project, 'services:read'))
  const query = parseInput(publicSlotsQuerySchema, getQuery(event))
  return await listPublicSlots(useDatabase().db, project, query)
})
