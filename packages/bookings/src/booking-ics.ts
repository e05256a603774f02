import { sql } from 'drizzle-orm'
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import { bookings } from '@flectar/db'
import { platformSenderAddress } from '@flectar/messaging'
import type { BookingRow } from './booking-env'
import type { BookingMessageContext } from './notifications'

export type IcsMethod = 'PUBLISH' | 'CANCEL'

/**
 * SEQUENCE counts the changes a calendar that imported the event must apply (RFC 5545
 * 3.8.7.4): 0 when booked, +1 when it moves, +1 when a request is confirmed (its first .ics
 * said TENTATIVE), +1 when it ends (cancelled, declined, hold expired). Reminders repeat it.
 * Set it in the statement that makes the change, so concurrent changes each count.
 */
export const nextIcsSequence = () => sql`${bookings.icsSequence} + 1`

/**
 * The booking as an iTIP (RFC 5546) iCalendar file: the same UID on every update, the stored
 * SEQUENCE, and ORGANIZER the business (its name; the platform's no-reply address, as projects
 * have no contact email yet). PUBLISH carries no ATTENDEE (RFC 5546 3.2.1 forbids it); CANCEL
 * names the customer, who is removed from it, as ATTENDEE (3.2.5) with no reply asked for.
 */
export function bookingIcs(booking: BookingRow, context: BookingMessageContext, method: IcsMethod, organizerEmail = platformSenderAddress()): string {
  const cancelled = method === 'CANCEL'
  const calendar = ical({ name: context.project.name, prodId: { company: 'Flectar Base', product: 'bookings' }, method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH })
  const customerEmail = context.customer.email
  calendar.createEvent({
    id: `${booking.id}@flectar`,
    sequence: booking.icsSequence,
    start: booking.startsAt,
    end: booking.endsAt,
    // UTC (`…Z`) on purpose: with a TZID, ical-generator writes a Date's wall time in the
    // server's own zone and no VTIMEZONE, so the event would land at the wrong hour.
    summary: `${booking.serviceName} — ${context.project.name}`,
    description: `Manage your booking: ${context.manageUrl}`,
    url: context.manageUrl,
    status: cancelled ? ICalEventStatus.CANCELLED : booking.status === 'pending' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    organizer: { name: context.project.name, email: organizerEmail },
    attendees: cancelled && customerEmail
      ? [{ name: context.customer.name, email: customerEmail, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED, rsvp: false }]
      : [],
  })
  return calendar.toString()
}
