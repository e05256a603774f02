import type { H3Event } from 'h3'
import { NotFoundError } from '@flectar/errors'
import { isUuid } from '@flectar/validation'

/** A booking or customer id from the route; anything but a UUID is simply not found (and never reaches SQL as a bad cast). */
export function requireIdParam(event: H3Event, name: 'bookingId' | 'customerId'): string {
  const id = getRouterParam(event, name)
  if (!isUuid(id)) throw new NotFoundError(name === 'bookingId' ? 'Booking not found.' : 'Customer not found.')
  return id
}
