import { listMemberEmails, listMemberPhones } from '@flectar/accounts'
import type { CustomerNotificationEvent, DbOrTx } from '@flectar/db'
import { customerMessageAllowed, emailSubject, enqueueCustomerTexts, enqueueEmail, enqueueOwnerTexts, ownerNoticeAllowed, renderEmail } from '@flectar/messaging'
import { formatMoney } from '@flectar/money'
import type { Project } from '@flectar/sites'
import { dateInZone } from '@flectar/time'
import type { BookingRow } from './booking-env'
import { bookingIcs } from './booking-ics'

export interface BookingMessageContext {
  project: Pick<Project, 'id' | 'orgId' | 'name'>
  /** With their id and phone, texts go too where the project switched them on. */
  customer: { id?: string | null, name: string, email: string | null, phone?: string | null }
  /** The customer's manage link. */
  manageUrl: string
}

export type CustomerMessageKind = 'confirmed' | 'requested' | 'rescheduled' | 'cancelled' | 'rejected' | 'reminder'

/** `Monday, 7 December 2026 at 10:00 (Europe/Madrid)`, in the zone the customer booked in. */
export function formatWhen(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(instant)
  return `${text} (${timeZone})`
}

const compact = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

/**
 * One-click "add to calendar" links for Google and Outlook (no download needed), with the
 * event's title, start, end (UTC) and the manage link as its description.
 */
export function addToCalendarLinks(booking: BookingRow, context: BookingMessageContext) {
  const title = `${booking.serviceName} — ${context.project.name}`
  const details = `Manage your booking: ${context.manageUrl}`
  const google = new URL('https://calendar.google.com/calendar/render')
  google.search = new URLSearchParams({ action: 'TEMPLATE', text: title, dates: `${compact(booking.startsAt)}/${compact(booking.endsAt)}`, details }).toString()
  const outlook = new URL('https://outlook.live.com/calendar/0/deeplink/compose')
  outlook.search = new URLSearchParams({ subject: title, startdt: booking.startsAt.toISOString(), enddt: booking.endsAt.toISOString(), body: details }).toString()
  return { google: google.toString(), outlook: outlook.toString() }
}

const SUBJECTS: Record<CustomerMessageKind, string> = {
  confirmed: 'Booking confirmed',
  requested: 'Booking request received',
  rescheduled: 'Booking moved',
  cancelled: 'Booking cancelled',
  rejected: 'Booking request declined',
  reminder: 'Reminder',
}

/** The notification-settings event each kind of message obeys. */
const EVENTS: Record<CustomerMessageKind, CustomerNotificationEvent> = {
  confirmed: 'booking_confirmed',
  requested: 'booking_requested',
  rescheduled: 'booking_rescheduled',
  cancelled: 'booking_cancelled',
  rejected: 'booking_rejected',
  reminder: 'reminder',
}

const OPENINGS: Record<CustomerMessageKind, string> = {
  confirmed: 'Your booking is confirmed.',
  requested: 'We have your request. You will get another email once it is confirmed.',
  rescheduled: 'Your booking has moved to a new time.',
  cancelled: 'Your booking has been cancelled.',
  rejected: 'Sorry, we cannot take this booking. Please choose another time.',
  reminder: 'A reminder of your upcoming booking.',
}

/**
 * Queues an email about this booking to this booking's customer only (P23), in the same
 * transaction as the change it reports. Each carries booking.ics: PUBLISH while the booking
 * stands (requests, confirmations, moves, reminders), CANCEL when it ends (cancelled, declined).
 * Nothing is queued when the project switched this event, or every customer notice, off. Where
 * the project switched texts on for the event, an SMS or WhatsApp message goes too (`sendCustomerText`).
 */
export async function sendCustomerMessage(tx: DbOrTx, kind: CustomerMessageKind, booking: BookingRow, context: BookingMessageContext, reason?: string | null) {
  await sendCustomerText(tx, kind, booking, context)
  const email = context.customer.email
  if (!email) return
  if (!await customerMessageAllowed(tx, context.project.id, EVENTS[kind], 'email')) return
  const when = formatWhen(booking.startsAt, booking.timeZone)
  const active = kind !== 'cancelled' && kind !== 'rejected'
  const links = addToCalendarLinks(booking, context)
  const total = booking.priceAmount - booking.discountAmount
  const paragraphs = [
    `Hello ${context.customer.name},`,
    OPENINGS[kind],
    `${booking.serviceName}\n${when}`,
    total > 0 && active ? `Price: ${formatMoney({ amount: total, currency: booking.currency }, 'en')}` : '',
    reason ? `Reason: ${reason}` : '',
    active ? { text: 'Add it to your calendar:', links: [{ label: 'Google Calendar', url: links.google }, { label: 'Outlook', url: links.outlook }] } : '',
    active ? 'Or open the attached booking.ics.' : '',
  ]
  const { html, text } = renderEmail({
    heading: `${SUBJECTS[kind]}: ${booking.serviceName}`,
    preheader: when,
    paragraphs,
    action: active ? { label: 'Reschedule or cancel', url: context.manageUrl } : undefined,
    footer: `You get this email because you booked with ${context.project.name}.`,
    brandName: context.project.name,
  })
  // A declined request gets a CANCEL too: its first email put a TENTATIVE event in calendars.
  const ics = bookingIcs(booking, context, active ? 'PUBLISH' : 'CANCEL')
  const attachments = [{ filename: 'booking.ics', contentType: 'text/calendar', content: Buffer.from(ics).toString('base64') }]
  await enqueueEmail(tx, {
    to: email, subject: emailSubject(`${SUBJECTS[kind]}: ${booking.serviceName} — ${when}`), text, html,
    template: `bookings.${kind}`, orgId: context.project.orgId, projectId: context.project.id, attachments,
  })
}

/** The same notice as one short text: what happened, when, and the manage link while it stands. */
async function sendCustomerText(tx: DbOrTx, kind: CustomerMessageKind, booking: BookingRow, context: BookingMessageContext) {
  if (!context.customer.phone) return
  const active = kind !== 'cancelled' && kind !== 'rejected'
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: booking.timeZone }).format(booking.startsAt)
  const text = `${context.project.name}: ${OPENINGS[kind]} ${booking.serviceName}, ${when}.${active ? ` Change or cancel: ${context.manageUrl}` : ''}`
  await enqueueCustomerTexts(tx, { orgId: context.project.orgId, projectId: context.project.id }, EVENTS[kind], {
    customerId: context.customer.id, phone: context.customer.phone, text, template: `bookings.${kind}`,
  })
}

export type OwnerMessageKind = 'created' | 'requested' | 'rescheduled' | 'cancelled'

const OWNER_HEADINGS: Record<OwnerMessageKind, string> = {
  created: 'New booking',
  requested: 'New booking request to confirm',
  rescheduled: 'Booking moved by the customer',
  cancelled: 'Booking cancelled by the customer',
}

/**
 * Tells the organization's owners and admins about a booking made or changed by a customer,
 * unless the project switched its owners' booking notices off.
 */
export async function notifyOwners(tx: DbOrTx, kind: OwnerMessageKind, booking: BookingRow, context: BookingMessageContext & { adminUrl: string, projectTimeZone: string }) {
  if (!await ownerNoticeAllowed(tx, context.project.id, 'newBooking')) return
  const recipients = await listMemberEmails(tx, context.project.orgId, ['owner', 'admin'])
  const when = formatWhen(booking.startsAt, context.projectTimeZone)
  const { html, text } = renderEmail({
    heading: `${OWNER_HEADINGS[kind]}: ${booking.serviceName}`,
    preheader: when,
    paragraphs: [`${context.customer.name} — ${booking.serviceName}`, when],
    action: { label: 'Open in the calendar', url: `${context.adminUrl}${context.adminUrl.includes('?') ? '&' : '?'}section=calendar&date=${dateInZone(booking.startsAt, context.projectTimeZone)}` },
    footer: `You get this email as an owner or admin of ${context.project.name}.`,
    brandName: context.project.name,
  })
  for (const recipient of recipients) {
    await enqueueEmail(tx, {
      to: recipient, subject: emailSubject(`${OWNER_HEADINGS[kind]}: ${context.customer.name}, ${when}`), text, html,
      template: `bookings.owner_${kind}`, orgId: context.project.orgId, projectId: context.project.id,
    })
  }
  await enqueueOwnerTexts(tx, { orgId: context.project.orgId, projectId: context.project.id }, () => listMemberPhones(tx, context.project.orgId, ['owner', 'admin']),
    `${context.project.name}: ${OWNER_HEADINGS[kind]} — ${context.customer.name}, ${booking.serviceName}, ${when}.`, `bookings.owner_${kind}`)
}
