import { formatMoney } from '@flectar/money'
import type { Project } from '@flectar/sites'
import { INTERVAL_LABELS, type SubscriptionInterval, type SubscriptionPlan, type SubscriptionView } from '@flectar/subscriptions'
import { attr, html, type Html } from '../booking/html'

const STATUS_TEXT: Record<string, string> = {
  checkout: 'Waiting for the payment to be confirmed. This page updates in a moment.',
  active: 'Active',
  trialing: 'Active (trial)',
  past_due: 'The last payment failed. Stripe will try again: update your card in the billing portal to keep your subscription.',
  unpaid: 'Unpaid: update your card in the billing portal.',
  canceled: 'Cancelled',
  incomplete: 'Waiting for the first payment.',
  incomplete_expired: 'The first payment did not go through.',
  paused: 'Paused',
}

export const priceOf = (plan: Pick<SubscriptionPlan, 'priceMinor' | 'currency' | 'interval'>, locale: string) =>
  `${formatMoney({ amount: plan.priceMinor, currency: plan.currency }, locale)} a ${INTERVAL_LABELS[plan.interval as SubscriptionInterval]}`

const dateOf = (date: Date, project: Project) => new Intl.DateTimeFormat(project.defaultLocale, { dateStyle: 'long', timeZone: project.timeZone }).format(date)

function page(title: string, content: Html): Html {
  return html`<section class="fb-block bk-page"><div class="fb-container fb-container--narrow">
<h1 class="fb-heading">${title}</h1><div class="bk-manage">${content}</div></div></section>`
}

export interface SubscribeForm {
  planId?: string
  name?: string
  email?: string
  errors?: Record<string, string>
  failure?: string
  notice?: string
}

function field(name: string, label: string, type: string, autocomplete: string, value: string | undefined, error: string | undefined, focus: boolean): Html {
  const id = `sub-${name.replace('.', '-')}`
  return html`<div class="fb-field"><label for="${id}">${label}</label>
<input id="${id}" name="${name}" type="${type}" autocomplete="${autocomplete}" maxlength="${type === 'email' ? 320 : 200}" value="${value ?? ''}" required${attr('aria-invalid', error ? 'true' : undefined)}${attr('aria-describedby', error ? `${id}-error` : undefined)}${attr('autofocus', focus)}>
${error && html`<p id="${id}-error" class="bk-error">${label} ${error}.</p>`}</div>`
}

/** The plans on offer, one form: choose a plan, say who you are, pay on Stripe's page. */
export function subscribePage(project: Project, plans: SubscriptionPlan[], form: SubscribeForm): Html {
  if (plans.length === 0) return page('Subscribe', html`<p class="fb-notice">${project.name} offers no subscriptions at the moment.</p>`)
  const errors = form.errors ?? {}
  const chosen = form.planId ?? plans[0]!.id
  const firstError = ['planId', 'customer.name', 'customer.email'].find(key => errors[key])
  return page('Subscribe', html`${form.notice && html`<p class="fb-notice" role="status">${form.notice}</p>`}
<form method="post" action="/subscribe" class="bk-panel">
<fieldset class="bk-choices"><legend class="fb-heading fb-heading--small">Choose a plan</legend>
${plans.map(plan => html`<label class="fb-card bk-choice"><input type="radio" name="planId" value="${plan.id}"${attr('checked', plan.id === chosen)}>
<span><strong>${plan.name}</strong> · ${priceOf(plan, project.defaultLocale)}${plan.bookingsPerPeriod !== null && html`<br><span class="bk-muted">${plan.bookingsPerPeriod} ${plan.bookingsPerPeriod === 1 ? 'booking' : 'bookings'} each ${INTERVAL_LABELS[plan.interval as SubscriptionInterval]}</span>`}${plan.description && html`<br><span class="bk-muted">${plan.description}</span>`}</span></label>`)}
${errors.planId && html`<p class="bk-error" role="alert">${errors.planId}</p>`}</fieldset>
${field('customer.name', 'Name', 'text', 'name', form.name, errors['customer.name'], firstError === 'customer.name')}
${field('customer.email', 'Email', 'email', 'email', form.email, errors['customer.email'], firstError === 'customer.email')}
${form.failure && html`<p class="fb-notice fb-notice--error" role="alert">${form.failure}</p>`}
<p class="bk-hint">You pay on Stripe's secure page. You can cancel at any time from the link we give you.</p>
<div class="bk-manage__nav"><button type="submit" class="fb-button">Continue to payment</button></div>
</form>`)
}

/** The subscriber's page: plan, status, renewal, bookings left, the billing portal and booking. */
export function subscriberPage(project: Project, view: SubscriptionView, base: string, options: { justPaid?: boolean, failure?: string } = {}): Html {
  const { subscription, plan } = view
  const covering = ['active', 'trialing', 'past_due'].includes(subscription.status)
  const pending = subscription.status === 'checkout'
  return page('Your subscription', html`${options.justPaid && html`<div class="fb-notice fb-notice--success" role="status">Thank you${view.customer ? `, ${view.customer.name}` : ''}: your subscription is ${pending ? 'being confirmed' : 'active'}. Keep this page’s address: it is your link to manage it.</div>`}
${options.failure && html`<p class="fb-notice fb-notice--error" role="alert">${options.failure}</p>`}
<div class="fb-card bk-manage__card"><h2 class="fb-heading fb-heading--small">${plan.name}</h2>
<dl class="bk-manage__list"><div><dt>Price</dt><dd>${priceOf(plan, project.defaultLocale)}</dd></div>
<div><dt>Status</dt><dd data-testid="subscription-status">${STATUS_TEXT[subscription.status] ?? subscription.status}</dd></div>
${subscription.currentPeriodEnd && covering && html`<div><dt>${subscription.cancelAtPeriodEnd ? 'Ends on' : 'Renews on'}</dt><dd>${dateOf(subscription.currentPeriodEnd, project)}</dd></div>`}
${view.bookingsLeft !== null && covering && html`<div><dt>Bookings left this period</dt><dd data-testid="bookings-left">${view.bookingsLeft} of ${plan.bookingsPerPeriod}</dd></div>`}</dl></div>
<div class="fb-actions bk-manage__actions">${covering && view.bookingsLeft !== null && view.bookingsLeft > 0 && html`<a class="fb-button" href="/book?sub=${encodeURIComponent(base.split('/').pop()!)}">Book with my subscription</a>`}
${subscription.stripeCustomerId && html`<form method="post" action="${base}/portal"><button type="submit" class="fb-button fb-button--secondary">Manage billing or cancel</button></form>`}</div>`)
}
