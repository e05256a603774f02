import { listBookings, listBookingsQuerySchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

// The calendar's and the list's bookings: from/to are instants (the app sends the project's local days).
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const query = parseInput(listBookingsQuerySchema, getQuery(event))
  return { data: await listBookings(db, scope, query) }
})
