import { formatMoney } from '@flectar/money'
import type { publicBooking } from '@flectar/bookings'
import { formatSlotRange } from './format'
import { html, type Html } from './html'

type ManagedBooking = ReturnType<typeof publicBooking>

/** After the booking: booked, requested (the business confirms) or held (a deposit to pay). */
export function doneHeading(booking: ManagedBooking): string {
  return booking.status === 'pending' ? 'Request received' : booking.status === 'pending_payment' ? 'Your time is held' : 'You’re booked'
}

export function doneStep(booking: ManagedBooking, input: { email: string, manageUrl: string, locale: string, embed: boolean, againUrl: string }): Html {
  const pending = booking.status === 'pending'
  const held = booking.status === 'pending_payment'
  const newTab = input.embed ? html` target="_blank" rel="noopener"` : ''
  return html`<div class="bk-done" data-bk-confirmed="${booking.id}"><p class="fb-intro">${pending
    ? `We’ll confirm your booking by email to ${input.email}.`
    : held ? `Your time is held for a short while until the deposit is paid; we’ve sent the details to ${input.email}.` : `A confirmation is on its way to ${input.email}.`}</p>
<dl class="bk-done__list">
<div><dt>Service</dt><dd>${booking.serviceName}</dd></div>
<div><dt>When</dt><dd>${formatSlotRange(booking, booking.timeZone, input.locale)} <span class="bk-muted">(${booking.timeZone.replaceAll('_', ' ')})</span></dd></div>
<div><dt>Price</dt><dd>${booking.price.amount ? formatMoney(booking.price, input.locale) : 'Free'}</dd></div>
</dl>
<div class="fb-actions"><a class="fb-button" href="${input.manageUrl}"${newTab}>Change or cancel</a>
<a class="fb-button fb-button--secondary" href="${input.againUrl}">Book something else</a></div>
<p class="bk-muted bk-done__note">Keep the email: its link is the way to change or cancel this booking.</p></div>`
}
