import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The manage link's token: `<bookingId>.<signature>`. Signed rather than stored, so every
 * process (the site that takes the booking, the job that sends a reminder) can write the
 * same link, and a link only ever opens the one booking it was made for (P23).
 */
export function createManageToken(secret: string, bookingId: string): string {
  return `${bookingId}.${sign(secret, bookingId)}`
}

/** The booking id, or undefined for a token that was not signed with `secret`. */
export function verifyManageToken(secret: string, token: string): string | undefined {
  const [bookingId, signature, ...rest] = token.split('.')
  if (!bookingId || !signature || rest.length > 0 || !/^[0-9a-f-]{36}$/i.test(bookingId)) return undefined
  const expected = Buffer.from(sign(secret, bookingId))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given) ? bookingId : undefined
}

function sign(secret: string, bookingId: string): string {
  return createHmac('sha256', `booking-manage:${secret}`).update(bookingId.toLowerCase()).digest('base64url')
}

/** Where the customer manages a booking on the project's public site. */
export function manageUrl(siteOrigin: string, secret: string, bookingId: string): string {
  return `${siteOrigin.replace(/\/$/, '')}/book/manage/${createManageToken(secret, bookingId)}`
}
