import { createBooking, createBookingSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'
import { formatInZone } from '@flectar/time'

/**
 * `POST /api/v1/projects/{slug}/bookings`: takes a slot. 201 with the booking and its manage
 * link; 409 `slot_unavailable` with the nearest alternatives; 422 with field errors.
 */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  const apiKey = await apiKeyOf(event, project, 'bookings:write')
  await limitApiCall(event, 'api_book', apiKey)
  // A body that is not JSON is an empty one: the 422 then names every missing field.
  const input = parseInput(createBookingSchema, (await readBody(event).catch(() => undefined)) ?? {})
  const { booking, manageUrl } = await createBooking(useDatabase().db, project, input, await siteBookingEnv(event, project), { source: apiKey ? 'api' : 'site' })
  setResponseStatus(event, 201)
  return {
    id: booking.id,
    status: booking.status,
    start: formatInZone(booking.startsAt, booking.timeZone),
    end: formatInZone(booking.endsAt, booking.timeZone),
    manageUrl,
  }
})
