import { getCustomer } from '@flectar/bookings'

// A customer with their booking history, newest first.
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return await getCustomer(db, scope, requireIdParam(event, 'customerId'))
})
