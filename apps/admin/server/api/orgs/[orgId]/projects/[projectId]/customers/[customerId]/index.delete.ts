import { deleteCustomer } from '@flectar/bookings'

// An erasure request: irreversible, so admins only (editors take bookings and keep notes).
// Answers how many invoices stay under legal hold; 409 while a booking is still to come.
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  return await deleteCustomer(db, scope, requireIdParam(event, 'customerId'), actor)
})
