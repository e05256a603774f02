import { listStaffSlots } from '@flectar/bookings'

// Free slots for the New booking dialog: ?serviceId&from=YYYY-MM-DD&to=YYYY-MM-DD&extras=id,id (project zone, ≤ 62 days).
export default defineEventHandler(async (event) => {
  const { db, project } = await requireProjectAccess(event, 'viewer')
  return await listStaffSlots(db, project, getQuery(event), bookingEnvOf(project))
})
