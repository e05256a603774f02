import { formatMoney } from '@flectar/money'
import type { BookingPaymentProvider, BookingPaymentStatus, PaymentRedirect } from '@flectar/payments'
import { formatDateTime } from './format'
import { attr, html, type Html } from './html'

/** How each way to pay is offered to the visitor. */
export const PROVIDER_LABELS: Record<BookingPaymentProvider, { label: string, hint: string }> = {
  stripe: { label: 'Card, Apple Pay or Google Pay', hint: 'On Stripe’s secure page.' },
  paypal: { label: 'PayPal', hint: 'On PayPal’s page: your PayPal account or a card.' },
  redsys: { label: 'Card or Bizum', hint: 'On the bank’s secure page (Redsys).' },
  on_site: { label: 'Pay at the venue', hint: 'Cash or card when you come.' },
}

/** The choice of how to pay (radio buttons), for the summary and for trying again. */
export function providerChoice(providers: readonly BookingPaymentProvider[], idPrefix: string, error?: string): Html {
  return html`<fieldset class="bk-choice bk-pay"${attr('aria-describedby', error ? `${idPrefix}-error` : undefined)}${attr('aria-invalid', error ? 'true' : undefined)}><legend>How would you like to pay?</legend>
${providers.map((provider, index) => html`<label class="bk-check"><input id="${idPrefix}-${provider}" type="radio" name="payment.provider" value="${provider}"${attr('checked', index === 0)} required>
<span>${PROVIDER_LABELS[provider].label} <span class="bk-muted">${PROVIDER_LABELS[provider].hint}</span></span></label>`)}
${error && html`<p id="${idPrefix}-error" class="bk-error">${error}</p>`}</fieldset>`
}

/** The step between the booking and the provider's page: a form the visitor sends there (Redsys posts; a framed page leaves its frame). */
export function continueToPayment(redirect: PaymentRedirect, amount: { amount: number, currency: string }, locale: string, providerLabel: string): Html {
  return html`<form method="${redirect.method === 'POST' ? 'post' : 'get'}" action="${redirect.url}" target="_top" class="bk-panel">
<h2 class="fb-heading fb-heading--small" tabindex="-1" autofocus>One more step: pay ${formatMoney(amount, locale)}</h2>
<p>Your time is held while you pay on ${providerLabel}’s secure page. Card details never reach this site.</p>
${redirect.method === 'GET'
  ? [...new URL(redirect.url).searchParams].map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)
  : Object.entries(redirect.fields ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit" class="fb-button">Continue to payment</button></form>`
}

export interface PaymentPanelInput {
  bookingId: string
  payment: BookingPaymentStatus
  bookingStatus: string
  timeZone: string
  locale: string
  /** The manage link's address, for "try again". */
  base: string
  /** What the provider said on the way back: return (paid, maybe), failed, cancelled. */
  result?: string
  /** The ways to pay still offered, for "try again". */
  providers: readonly BookingPaymentProvider[]
}

/** What the manage page says about the booking's payment: paid, waiting, failed (try again), expired, refunded, at the venue. */
export function paymentPanel(input: PaymentPanelInput): Html {
  const { payment, locale } = input
  const money = (value: { amount: number, currency: string }) => formatMoney(value, locale)
  const held = input.bookingStatus === 'pending_payment'
  const online = payment.provider !== 'on_site'
  const status = payment.status
  if (status === 'paid' || status === 'dispute_won') {
    // Back from paying: the page script reports the confirmed booking and what was paid to the
    // site's analytics (once per booking), for the funnel's revenue by source.
    const report = input.result === 'return' && input.bookingStatus === 'confirmed'
      ? html` data-bk-confirmed="${input.bookingId}" data-bk-amount="${payment.paid.amount}" data-bk-currency="${payment.paid.currency}" tabindex="-1" autofocus`
      : input.result === 'return' ? html` tabindex="-1" autofocus` : ''
    return html`<div class="fb-notice fb-notice--success" role="status"${report}>Paid: ${money(payment.paid)}. ${input.bookingStatus === 'confirmed' ? 'Your booking is confirmed.' : ''}</div>`
  }
  if (status === 'partially_refunded' || status === 'refunded') {
    return html`<div class="fb-notice" role="status">Paid ${money(payment.paid)}; refunded ${money(payment.refunded)}. Refunds reach your account in a few days.</div>`
  }
  if (status === 'disputed' || status === 'dispute_lost') return html`<div class="fb-notice" role="status">This payment is under review by your bank.</div>`
  if (!online) return html`<div class="fb-notice" role="status">To pay at the venue: ${money(payment.amount)}.</div>`
  if (status === 'expired' || (!held && input.bookingStatus === 'cancelled')) {
    return html`<div class="fb-notice fb-notice--error" role="alert" tabindex="-1" autofocus><p>The time to pay ran out, so the slot was released. No money was taken.</p><p><a href="/book">Book again</a></p></div>`
  }
  if (!held) return html``
  const until = payment.expiresAt ? ` until ${formatDateTime(payment.expiresAt.toISOString(), input.timeZone, locale)}` : ''
  const failed = status === 'failed' || input.result === 'failed' || input.result === 'cancelled'
  if (failed) {
    return html`<div class="fb-notice fb-notice--error" role="alert" tabindex="-1" autofocus>${input.result === 'cancelled' ? 'The payment was cancelled.' : 'The payment did not go through.'} No money was taken. Your time is held${until}: you can try again.</div>
${retryForm(input)}`
  }
  if (input.result === 'return') {
    return html`<div class="fb-notice" role="status" tabindex="-1" autofocus><p>We are waiting for the payment to be confirmed. This usually takes a few seconds.</p><p><a href="${input.base}?payment=return">Check again</a></p></div>`
  }
  return html`<div class="fb-notice" role="status">A deposit of ${money(payment.amount)} is due to confirm this booking. Your time is held${until}.</div>
${retryForm(input)}`
}

function retryForm(input: PaymentPanelInput): Html {
  const providers = input.providers.filter(provider => provider !== 'on_site')
  if (providers.length === 0) return html``
  return html`<form method="post" action="${input.base}/pay" class="bk-panel">${providerChoice(providers, 'bk-retry')}
<button type="submit" class="fb-button">Pay ${formatMoney(input.payment.amount, input.locale)}</button></form>`
}
