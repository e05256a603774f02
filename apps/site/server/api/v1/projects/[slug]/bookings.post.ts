import { bookWithPayment, bookingPaymentChoiceSchema, createBookingSchema } from '@flectar/bookings'
import { InvalidInputError, parseInput } from '@flectar/errors'
import { formatInZone } from '@flectar/time'
import { subscriptionChoiceSchema } from '@flectar/subscriptions/schemas'
import { coveringSubscription } from '../../../../subscriptions/context'

/**
 * `POST /api/v1/projects/{slug}/bookings`: takes a slot. 201 with the booking and its manage
 * link, and `payment` (where to send the visitor, until when) when the service asks for money
 * and the body says how to pay (`payment.provider`), or none when the customer's subscription
 * covers it (`subscription.token`: the token of their subscriber link; 409 when it cannot);
 * 409 `slot_unavailable` with the nearest alternatives; 422 with field errors; 502 when the
 * payment provider did not answer.
 */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  const apiKey = await apiKeyOf(event, project, 'bookings:write')
  await limitApiCall(event, 'api_book', apiKey)
  // A body that is not JSON is an empty one: the 422 then names every missing field.
  const body = (await readBody(event).catch(() => undefined)) ?? {}
  const input = parseInput(createBookingSchema, body)
  const { payment: choice } = parseInput(bookingPaymentChoiceSchema, body)
  const { subscription } = parseInput(subscriptionChoiceSchema, body)
  const covering = subscription ? await coveringSubscription(project, subscription.token) : undefined
  if (subscription && !covering) throw new InvalidInputError({ 'subscription.token': 'is not a subscription of this site' })
  const db = useDatabase().db
  const env = { ...await siteBookingEnv(event, project), ...(covering ? { coverBySubscription: covering.cover } : {}) }
  const { booking, manageUrl, payment } = await bookWithPayment(db, project, input, covering ? undefined : choice?.provider, env, useBookingPaymentEnv(), apiKey ? 'api' : 'site')
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
