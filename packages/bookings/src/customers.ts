import { eq } from 'drizzle-orm'
import { customers, type bookings, type DbOrTx } from '@flectar/db'

// Customers are shared with the inbox, which finds them the same way: their upsert lives in messaging.
export { normalisePhone, upsertCustomer, type CustomerInput } from '@flectar/messaging'

/** Who a booking's messages go to (a booking keeps its row if the customer is deleted). */
export async function customerOf(db: DbOrTx, booking: Pick<typeof bookings.$inferSelect, 'customerId'>) {
  const nobody = { id: null, name: 'Customer', email: null, phone: null }
  if (!booking.customerId) return nobody
  const [customer] = await db.select({ id: customers.id, name: customers.name, email: customers.email, phone: customers.phone }).from(customers).where(eq(customers.id, booking.customerId))
  return customer ?? nobody
}
