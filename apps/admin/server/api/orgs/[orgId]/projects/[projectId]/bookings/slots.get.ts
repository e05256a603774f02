import { listStaffSlots, staffSlotsQuerySchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

// Free slots for the New booking dialog: ?serviceId&from=YYYY-MM-DD&to=YYYY-MM-DD&extras=id,id (project zone, ≤ 62 days).
export default defineEventHandler(async (event) => {
  const { db, project } = await requireProjectAccess(event, 'viewer')
  const query = parseInput(staffSlotsQuerySchema, getQuery(event))
  return await listStaffSlots(db, project, query, bookingEnvOf(project))
})
