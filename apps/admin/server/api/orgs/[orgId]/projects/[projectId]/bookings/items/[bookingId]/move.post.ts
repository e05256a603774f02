import { getBooking, moveBooking, staffMoveSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

// Staff reschedule (calendar drag or the Move form): the same rules as a new booking, a 409 with
// alternatives; `notifyCustomer: false` moves it without emailing the customer.
export default defineEventHandler(async (event) => {
  const { db, project, scope, actor } = await requireProjectAccess(event, 'editor')
  const booking = await getBooking(db, scope, requireIdParam(event, 'bookingId'))
  const input = parseInput(staffMoveSchema, await readBody(event))
  const moved = await moveBooking(db, project, booking, new Date(input.start), bookingEnvOf(project), { by: actor, resourceId: input.resourceId, notifyCustomer: input.notifyCustomer })
  return await bookingDetail(db, scope, project, moved.id)
})
