import { eq } from 'drizzle-orm'
import type { OpenedOffer } from '@flectar/bookings'
import { bookingServices } from '@flectar/db'

/** The offered service's name as the business calls it now. */
export async function serviceNameOf(opened: OpenedOffer): Promise<string> {
  const [service] = await useDatabase().db.select({ name: bookingServices.name }).from(bookingServices).where(eq(bookingServices.id, opened.offer.serviceId))
  return service?.name ?? 'Your appointment'
}
