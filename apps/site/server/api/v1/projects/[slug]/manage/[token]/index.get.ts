import { openManagedBooking, publicBooking } from '@flectar/bookings'

/** `GET /api/v1/projects/{slug}/manage/{token}`: the one booking this manage link opens. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_read')
  const opened = await openManagedBooking(useDatabase().db, getRouterParam(event, 'token') ?? '', useServerConfig().SESSION_SECRET, project.slug)
  return { data: publicBooking(opened.booking, opened.project, opened.policyEndsAt) }
})
