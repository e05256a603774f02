import { cancelByToken, cancelSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

/** `POST /api/v1/projects/{slug}/manage/{token}/cancel`: the customer cancels within the policy window. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_manage')
  // The body is optional: no body (or one that is not JSON) cancels without a reason.
  const input = parseInput(cancelSchema, (await readBody(event).catch(() => undefined)) ?? {})
  return { data: await cancelByToken(useDatabase().db, getRouterParam(event, 'token') ?? '', input, await siteBookingEnv(event, project), project.slug) }
})
