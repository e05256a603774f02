import { formatMoney } from '@flectar/money'
import type { PublicService, quoteBooking } from '@flectar/bookings'
import type { BookingPaymentProvider } from '@flectar/payments'
import type { BookingDraft } from './draft'
import { bookingFieldId, fieldErrorSentence } from './fields'
import { formatDuration, formatSlotRange } from './format'
import { attr, html, type Html } from './html'
import { hiddenState, STEP_PATHS, stepUrl, type FlowContext } from './flow-page'
import { providerChoice } from './payment-view'
import type { Slot } from './picker'

export interface SummaryInput {
  slot: Slot
  draft: BookingDraft
  quote?: Awaited<ReturnType<typeof quoteBooking>>
  couponError?: string
  /** A 409: the time was taken meanwhile; these are the nearest free ones. */
  conflict?: Slot[]
  /** The ways to pay the site offers (asked only when a deposit or the price is due). */
  providers?: readonly BookingPaymentProvider[]
  paymentError?: string
  /** The visitor books with their subscription: nothing to pay. */
  covered?: { planName: string, left: number | null }
}

/** The details as the confirm form posts them (the booking checks every one of them again). */
function detailFields(draft: BookingDraft): Html {
  const fields: Array<[string, string]> = [
    ['customer.name', draft.customer.name], ['customer.email', draft.customer.email], ['customer.phone', draft.customer.phone],
    ...Object.entries(draft.answers).filter(([, value]) => value !== '' && value !== false).map(([id, value]) => [`answers.${id}`, String(value)] as [string, string]),
  ]
  return html`${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`
}

function conflictBox(context: FlowContext, alternatives: Slot[], timeZone: string): Html {
  const { state, project } = context
  return html`<div id="bk-conflict" class="fb-notice fb-notice--error" role="alert" tabindex="-1" autofocus>
<p>Sorry, that time was just taken. ${alternatives.length ? 'These times nearby are free:' : 'Please choose another time.'}</p>
${alternatives.length > 0 && html`<ul class="bk-alternatives">${alternatives.map(slot => html`<li><form method="get" action="${STEP_PATHS.review}">${hiddenState(state, ['start', 'coupon'])}
<button type="submit" name="start" value="${slot.start}" class="fb-button fb-button--secondary">${formatSlotRange(slot, timeZone, project.defaultLocale)}</button></form></li>`)}</ul>`}
<a class="bk-conflict__other" href="${stepUrl('time', { ...state, start: undefined })}">See all free times</a></div>`
}

/** What is about to be booked, its price, the coupon field and the confirm button. */
export function summaryStep(context: FlowContext & { service: PublicService }, input: SummaryInput): Html {
  const { state, service, project } = context
  const locale = project.defaultLocale
  const timeZone = state.timeZone ?? project.timeZone
  const extras = service.extras.filter(extra => state.extras.includes(extra.id))
  const currency = service.price.currency
  const money = (amount: number) => formatMoney({ amount, currency }, locale)
  const subtotal = service.price.amount + extras.reduce((sum, extra) => sum + extra.price.amount, 0)
  const rule = service.deposit
  const deposit = input.quote ? input.quote.deposit : !rule ? 0 : Math.min(subtotal, rule.kind === 'percent' ? Math.round(subtotal * rule.value / 100) : rule.value)
  const { quote, draft } = input
  const couponId = bookingFieldId('couponCode')
  const { name, email, phone } = draft.customer
  const hours = service.cancellationWindowHours
  return html`${input.conflict && conflictBox(context, input.conflict, timeZone)}
<form method="post" action="/book/confirm" class="bk-form" novalidate>
${hiddenState(state, ['coupon'])}${detailFields(draft)}
<div class="bk-summary">
<dl class="bk-summary__list">
<div><dt>Service</dt><dd>${service.name} · ${formatDuration(service.durationMinutes + extras.reduce((sum, extra) => sum + extra.durationMinutes, 0))}
<a class="bk-change" href="${stepUrl('service', state)}">Change<span class="fb-visually-hidden"> service</span></a></dd></div>
<div><dt>When</dt><dd>${formatSlotRange(input.slot, timeZone, locale)} <span class="bk-muted">(${timeZone.replaceAll('_', ' ')})</span>
<a class="bk-change" href="${stepUrl('time', state)}">Change<span class="fb-visually-hidden"> time</span></a></dd></div>
<div><dt>Your details</dt><dd>${[name, email, phone].filter(Boolean).join(', ')}
<a class="bk-change" href="${stepUrl('details', state)}">Change<span class="fb-visually-hidden"> details</span></a></dd></div>
</dl>
<table class="bk-price"><caption class="fb-visually-hidden">Price</caption>
<tbody><tr><th scope="row">${service.name}</th><td>${money(service.price.amount)}</td></tr>
${extras.map(extra => html`<tr><th scope="row">${extra.name}</th><td>${money(extra.price.amount)}</td></tr>`)}
${quote?.coupon && html`<tr><th scope="row">Coupon ${quote.coupon.code}</th><td>−${money(quote.discount)}</td></tr>`}</tbody>
<tfoot><tr><th scope="row">Total</th><td>${money(quote ? quote.total : subtotal)}</td></tr>
${input.covered
  ? html`<tr><th scope="row">Covered by your subscription</th><td>${input.covered.planName}${input.covered.left !== null && html`<br><span class="bk-muted">${input.covered.left} ${input.covered.left === 1 ? 'booking' : 'bookings'} left this period</span>`}</td></tr>`
  : deposit > 0 && html`<tr><th scope="row">Deposit due</th><td>${money(deposit)}</td></tr>`}</tfoot></table>
<div class="fb-field bk-coupon"><label for="${couponId}">Coupon code <span class="bk-optional">(optional)</span></label>
<div class="bk-coupon__row"><input id="${couponId}" name="coupon" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" value="${state.coupon ?? ''}"
${attr('aria-invalid', input.couponError ? 'true' : undefined)}${attr('aria-describedby', input.couponError ? `${couponId}-error` : undefined)}${attr('autofocus', !!input.couponError && !input.conflict)}>
<button type="submit" class="fb-button fb-button--secondary" formaction="${STEP_PATHS.review}" formmethod="get">Apply</button></div>
${quote?.coupon && html`<p class="bk-muted" role="status">Coupon applied: you save ${money(quote.discount)}.</p>`}
${input.couponError && html`<p id="${couponId}-error" class="bk-error">${fieldErrorSentence('couponCode', input.couponError)}</p>`}</div>
${!input.covered && deposit > 0 && !!input.providers?.length && providerChoice(input.providers, 'bk-pay', input.paymentError)}
<p class="bk-muted bk-policy">${hours > 0 ? `You can change or cancel online up to ${hours} ${hours === 1 ? 'hour' : 'hours'} before.` : 'You can change or cancel online until the appointment starts.'}${service.requiresConfirmation && ' The business confirms each booking by email.'}</p>
</div>
<div class="bk-nav"><a class="fb-button fb-button--secondary" href="${stepUrl('details', state)}">Back</a>
<button type="submit" class="fb-button">${service.requiresConfirmation ? 'Send booking request' : 'Confirm booking'}</button></div>
</form>`
}
