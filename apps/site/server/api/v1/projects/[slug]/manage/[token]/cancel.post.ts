import { cancelByToken } from '@flectar/bookings'

/** `POST /api/v1/projects/{slug}/manage/{token}/cancel`: the customer cancels within the policy window. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_manage')
  const body = await readBody(event).catch(() => undefined)
  return { data: await cancelByToken(useDatabase().db, getRouterParam(event, 'token') ?? '', body ?? {}, await siteBookingEnv(event, project), project.slug) }
})
