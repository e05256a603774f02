import { listPublicServices } from '@flectar/bookings'

/** `GET /api/v1/projects/{slug}/services`: the bookable services with their extras and questions. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_read', await apiKeyOf(event, project, 'services:read'))
  return { data: await listPublicServices(useDatabase().db, project.id) }
})
