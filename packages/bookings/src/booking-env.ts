import type { bookings, DbOrTx } from '@flectar/db'
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
  /** Refuses the booking in its transaction when the organisation's plan allows no more this month. */
  withinPlan?: (tx: DbOrTx) => Promise<void>
  /**
   * The booking is covered by the customer's subscription: no deposit is asked, and this runs in
   * the booking's transaction once it is written (it refuses, rolling the booking back, when the
   * subscription cannot cover it; `@flectar/subscriptions` `coverBooking`).
   */
  coverBySubscription?: (tx: DbOrTx, booking: BookingRow) => Promise<void>
  /** Where work done after a committed change (offering a freed slot to the waitlist) reports a failure. */
  reportError?: (error: unknown) => void
}
