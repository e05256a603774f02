import { z } from 'zod'
import { getBooking, instantSchema, moveBooking } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

const moveSchema = z.object({
  start: instantSchema,
  resourceId: z.uuid('must be a resource id').optional(),
})

// Staff reschedule (calendar drag or the Move form): the same rules as a new booking, a 409 with alternatives.
export default defineEventHandler(async (event) => {
  const { db, project, scope, actor } = await requireProjectAccess(event, 'editor')
  const booking = await getBooking(db, scope, requireIdParam(event, 'bookingId'))
  const input = parseInput(moveSchema, await readBody(event))
  const moved = await moveBooking(db, project, booking, new Date(input.start), bookingEnvOf(project), { by: actor, resourceId: input.resourceId })
  return await bookingDetail(db, scope, project, moved.id)
})
