import type { H3Event } from 'h3'
import { NotFoundError } from '@flectar/errors'
import { isUuid } from '@flectar/validation'

const NOT_FOUND = {
  bookingId: 'Booking not found.',
  customerId: 'Customer not found.',
  conversationId: 'This conversation does not exist.',
  quickReplyId: 'This quick reply does not exist.',
} as const

/** An id from the route; anything but a UUID is simply not found (and never reaches SQL as a bad cast). */
export function requireIdParam(event: H3Event, name: keyof typeof NOT_FOUND): string {
  const id = getRouterParam(event, name)
  if (!isUuid(id)) throw new NotFoundError(NOT_FOUND[name])
  return id
}
