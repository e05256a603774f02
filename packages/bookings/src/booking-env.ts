import type { bookings } from '@flectar/db'
import type { BusySource } from './availability'

export type BookingRow = typeof bookings.$inferSelect

/** What a booking operation needs to know about where it runs. */
export interface BookingEnv {
  /** The project's public site origin, for manage links. */
  siteOrigin: string
  /** Signs manage links (the shared SESSION_SECRET). */
  secret: string
  /** The admin app's bookings page for this project, for owner notifications. */
  adminUrl: string
  busy?: BusySource
  now?: Date
}
