import { formatMoney } from '@flectar/money'
import type { publicBooking } from '@flectar/bookings'
import type { Project } from '@flectar/sites'
import { formatDateTime, formatSlotRange } from './format'
import { html, type Html } from './html'
import { renderPicker, type Picker, type PickerInput, type Slot } from './picker'

export type ManagedBooking = ReturnType<typeof publicBooking>

const STATUS_LABELS: Record<string, string> = {
  confirmed: 'Confirmed',
  pending: 'Waiting for the business to confirm',
  pending_payment: 'Waiting for the deposit',
  cancelled: 'Cancelled',
  rejected: 'Declined by the business',
  completed: 'Completed',
  no_show: 'Missed',
}

export const isActive = (booking: ManagedBooking) => ['confirmed', 'pending', 'pending_payment'].includes(booking.status)
export const isChangeable = (booking: ManagedBooking, now = Date.now()) => isActive(booking) && !!booking.changeableUntil && Date.parse(booking.changeableUntil) > now

/** The manage page's frame: its title and what is inside. */
export function managePage(content: Html): Html {
  return html`<section class="fb-block bk-page"><div class="fb-container fb-container--narrow">
<h1 class="fb-heading">Your booking</h1><div class="bk-manage">${content}</div></div></section>`
}

export function bookingCard(booking: ManagedBooking, locale: string): Html {
  return html`<div class="fb-card bk-manage__card"><h2 class="fb-heading fb-heading--small">${booking.serviceName}</h2>
<dl class="bk-manage__list">
<div><dt>When</dt><dd>${formatSlotRange(booking, booking.timeZone, locale)} <span class="bk-muted">(${booking.timeZone.replaceAll('_', ' ')})</span></dd></div>
${booking.extras.length > 0 && html`<div><dt>Extras</dt><dd>${booking.extras.map(extra => extra.name).join(', ')}</dd></div>`}
<div><dt>Price</dt><dd>${booking.price.amount ? formatMoney(booking.price, locale) : 'Free'}</dd></div>
<div><dt>Status</dt><dd><span class="bk-status bk-status--${booking.status}">${STATUS_LABELS[booking.status] ?? booking.status}</span></dd></div>
</dl></div>`
}

/** The booking, a message about what just happened, and what can still be done. */
/** An invoice or credit note of the booking, as its manage page lists it. */
export interface ManagedInvoice {
  id: string
  kind: string
  number: string | null
  totalMinor: number
  currency: string
}

function invoiceList(invoices: readonly ManagedInvoice[], base: string, locale: string): Html | false {
  return invoices.length > 0 && html`<div class="fb-card bk-manage__card"><h2 class="fb-heading fb-heading--small">Invoices</h2>
<ul class="bk-manage__invoices">${invoices.map(invoice => html`<li><a href="${base}/invoices/${invoice.id}" rel="noreferrer">${invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${invoice.number} (PDF)</a> <span class="bk-muted">${formatMoney({ amount: invoice.totalMinor, currency: invoice.currency }, locale)}</span></li>`)}</ul></div>`
}

export function manageView(project: Project, booking: ManagedBooking, base: string, success?: string, payment?: Html, invoices: readonly ManagedInvoice[] = []): Html {
  const locale = project.defaultLocale
  return managePage(html`${success && html`<div class="fb-notice fb-notice--success" role="status" tabindex="-1" autofocus>${success}</div>`}
${payment}
${bookingCard(booking, locale)}
${invoiceList(invoices, base, locale)}
${isChangeable(booking)
  ? html`<p class="bk-muted">You can change or cancel online until ${formatDateTime(booking.changeableUntil!, booking.timeZone, locale)}.</p>
<div class="fb-actions bk-manage__actions"><form method="get" action="${base}/reschedule"><button type="submit" class="fb-button">Reschedule</button></form>
<form method="get" action="${base}/cancel"><button type="submit" class="fb-button fb-button--secondary">Cancel booking</button></form></div>`
  : isActive(booking)
    ? html`<p class="fb-notice bk-late">It’s too late to change this booking online. Please contact ${project.name} if you need to change it.</p>`
    : html`<p><a href="/book">Book a new appointment</a></p>`}`)
}

export function cancelView(project: Project, booking: ManagedBooking, base: string, failure?: string): Html {
  return managePage(html`${bookingCard(booking, project.defaultLocale)}
<form method="post" action="${base}/cancel" class="bk-panel">
<h2 class="fb-heading fb-heading--small" tabindex="-1" autofocus>Cancel this booking?</h2>
<div class="fb-field"><label for="bk-cancel-reason">Reason <span class="bk-muted bk-normal">(optional, shared with ${project.name})</span></label>
<textarea id="bk-cancel-reason" name="reason" rows="3" maxlength="500"></textarea></div>
${failure && html`<p class="fb-notice fb-notice--error" role="alert">${failure}</p>`}
<div class="bk-manage__nav"><a class="fb-button fb-button--secondary" href="${base}">Keep my booking</a>
<button type="submit" class="fb-button bk-danger">Yes, cancel it</button></div>
</form>`)
}

export function rescheduleView(project: Project, booking: ManagedBooking, base: string, picker: { picker: Picker, input: PickerInput } | undefined, failure?: { message: string, alternatives?: Slot[] }): Html {
  const locale = project.defaultLocale
  const zone = picker?.input.timeZone ?? booking.timeZone
  return managePage(html`${bookingCard(booking, locale)}
<form method="post" action="${base}/reschedule" class="bk-panel" data-bk-time>
<h2 class="fb-heading fb-heading--small" tabindex="-1"${failure ? '' : html` autofocus`}>Choose a new time</h2>
${failure && html`<div class="fb-notice fb-notice--error" role="alert" tabindex="-1" autofocus><p>${failure.message}${!!failure.alternatives?.length && ' These times nearby are free:'}</p>
${!!failure.alternatives?.length && html`<ul class="bk-alternatives">${failure.alternatives.map(slot => html`<li><button type="submit" name="start" value="${slot.start}" class="fb-button fb-button--secondary">Move to ${formatSlotRange(slot, zone, locale)}</button></li>`)}</ul>`}</div>`}
${picker
  ? renderPicker(picker.picker, { selfAction: `${base}/reschedule`, selfMethod: 'get', idPrefix: 'bk-move', input: picker.input })
  : html`<p class="bk-muted">This service can no longer be booked online; please contact ${project.name}.</p>`}
<div class="bk-manage__nav"><a class="fb-button fb-button--secondary" href="${base}">Keep the current time</a>
${picker && html`<button type="submit" class="fb-button">Move my booking</button>`}</div>
</form>`)
}
