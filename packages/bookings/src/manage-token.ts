import { signId, verifySignedId } from '@flectar/security'

/**
 * The manage link's token: `<bookingId>.<signature>`. Signed rather than stored, so every
 * process (the site that takes the booking, the job that sends a reminder) can write the
 * same link, and a link only ever opens the one booking it was made for (P23).
 */
export function createManageToken(secret: string, bookingId: string): string {
  return signId(secret, 'booking-manage', bookingId)
}

/** The booking id, or undefined for a token that was not signed with `secret`. */
export function verifyManageToken(secret: string, token: string): string | undefined {
  return verifySignedId(secret, 'booking-manage', token)
}

/** Where the customer manages a booking on the project's public site. */
export function manageUrl(siteOrigin: string, secret: string, bookingId: string): string {
  return `${siteOrigin.replace(/\/$/, '')}/book/manage/${createManageToken(secret, bookingId)}`
}
