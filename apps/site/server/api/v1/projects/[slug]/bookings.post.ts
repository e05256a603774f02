import { bookWithPayment, bookingPaymentChoiceSchema, createBookingSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'
import { formatInZone } from '@flectar/time'

/**
 * `POST /api/v1/projects/{slug}/bookings`: takes a slot. 201 with the booking and its manage
 * link, and `payment` (where to send the visitor, until when) when the service asks for money
 * and the body says how to pay (`payment.provider`); 409 `slot_unavailable` with the nearest
 * alternatives; 422 with field errors; 502 when the payment provider did not answer.
 */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  const apiKey = await apiKeyOf(event, project, 'bookings:write')
  await limitApiCall(event, 'api_book', apiKey)
  // A body that is not JSON is an empty one: the 422 then names every missing field.
  const body = (await readBody(event).catch(() => undefined)) ?? {}
  const input = parseInput(createBookingSchema, body)
  const { payment: choice } = parseInput(bookingPaymentChoiceSchema, body)
  const db = useDatabase().db
  const { booking, manageUrl, payment } = await bookWithPayment(db, project, input, choice?.provider, await siteBookingEnv(event, project), useBookingPaymentEnv(), apiKey ? 'api' : 'site')
  setResponseStatus(event, 201)
  return {
    id: booking.id,
    status: booking.status,
    start: formatInZone(booking.startsAt, booking.timeZone),
    end: formatInZone(booking.endsAt, booking.timeZone),
    manageUrl,
    ...(payment ? { payment } : {}),
  }
})
