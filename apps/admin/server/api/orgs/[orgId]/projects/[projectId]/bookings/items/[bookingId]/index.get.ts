import { getBooking } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope } = await requireBookingOpsProject(event, 'viewer')
  return await getBooking(db, scope, requireIdParam(event, 'bookingId'))
})
