import { quoteBooking, quoteSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

/** `POST /api/v1/projects/{slug}/quote`: the price of a service with extras and a coupon, before booking. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_read', await apiKeyOf(event, project, 'services:read'))
  const input = parseInput(quoteSchema, (await readBody(event).catch(() => undefined)) ?? {})
  return { data: await quoteBooking(useDatabase().db, project, input) }
})
