import { changeBookingStatus, statusChangeSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

// Confirm / reject a request, cancel, or record attendance; the customer is told where it matters.
export default defineEventHandler(async (event) => {
  const { db, project, scope, actor } = await requireProjectAccess(event, 'editor')
  const bookingId = requireIdParam(event, 'bookingId')
  const input = parseInput(statusChangeSchema, await readBody(event))
  const updated = await changeBookingStatus(db, project, bookingId, input.action, bookingEnvOf(project), { reason: input.reason, by: actor })
  return await bookingDetail(db, scope, project, updated.id)
})
