import { eq } from 'drizzle-orm'
import { customers, type bookings, type DbOrTx } from '@flectar/db'

// Customers are shared with the inbox, which finds them the same way: their upsert lives in messaging.
export { normalisePhone, upsertCustomer, type CustomerInput } from '@flectar/messaging'

/** Who a booking's messages go to (a booking keeps its row if the customer is deleted). */
export async function customerOf(db: DbOrTx, booking: Pick<typeof bookings.$inferSelect, 'customerId'>) {
  if (!booking.customerId) return { name: 'Customer', email: null }
  const [customer] = await db.select({ name: customers.name, email: customers.email }).from(customers).where(eq(customers.id, booking.customerId))
  return customer ?? { name: 'Customer', email: null }
}
