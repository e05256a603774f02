import { rescheduleByToken, rescheduleSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

/** `POST /api/v1/projects/{slug}/manage/{token}/reschedule`: the customer moves the booking; 409 with alternatives when taken. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_manage')
  const input = parseInput(rescheduleSchema, (await readBody(event).catch(() => undefined)) ?? {})
  return { data: await rescheduleByToken(useDatabase().db, getRouterParam(event, 'token') ?? '', input, await siteBookingEnv(event, project), project.slug) }
})
