import { rescheduleByToken } from '@flectar/bookings'

/** `POST /api/v1/projects/{slug}/manage/{token}/reschedule`: the customer moves the booking; 409 with alternatives when taken. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_manage')
  const body = await readBody(event).catch(() => undefined)
  return { data: await rescheduleByToken(useDatabase().db, getRouterParam(event, 'token') ?? '', body ?? {}, await siteBookingEnv(event, project), project.slug) }
})
