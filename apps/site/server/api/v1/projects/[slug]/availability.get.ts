import { listPublicSlots } from '@flectar/bookings'

/** `GET /api/v1/projects/{slug}/availability`: free slots between two dates of the visitor's zone. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_read', await apiKeyOf(event, project, 'services:read'))
  return await listPublicSlots(useDatabase().db, project, getQuery(event))
})
