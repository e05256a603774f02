import { formatMoney } from '@flectar/money'
import type { PublicService } from '@flectar/bookings'
import { formatDuration } from './format'
import { attr, html, type Html } from './html'
import { hiddenState, nextStep, STEP_PATHS, stepUrl, type FlowContext } from './flow-page'
import { renderPicker, type Picker, type PickerInput } from './picker'
import { flowUrl } from './state'
import { waitlistTakes } from './waitlist-view'

const priceOf = (service: PublicService, locale: string) => service.price.amount ? formatMoney(service.price, locale) : 'Free'

/** Each service is a button of one form: choosing it moves on (to its extras, or its times). */
export function serviceStep(context: FlowContext): Html {
  const { project, services, state } = context
  const locale = project.defaultLocale
  if (services.length === 0) {
    const { phone, email } = project.business ?? {}
    return html`<div class="bk-muted"><p>Online booking is not open yet. Please get in touch with ${project.name} to make an appointment.</p>
${(phone || email) && html`<p class="bk-contact">${phone && html`<a href="tel:${phone.replace(/[^\d+]/g, '')}">${phone}</a>`}${phone && email && ' · '}${email && html`<a href="mailto:${email}">${email}</a>`}</p>`}
<p><a href="/">Back to the home page</a></p></div>`
  }
  return html`<form method="get" action="${STEP_PATHS.time}">${hiddenState(state, ['service', 'extras', 'start', 'd', 'coupon'])}
<ul class="bk-services">${services.map(service => html`<li><button type="submit" name="service" value="${service.id}" formaction="${STEP_PATHS[nextStep(service, 'service')]}" class="bk-service" aria-pressed="${service.id === state.serviceId ? 'true' : 'false'}">
<span class="bk-service__top"><span class="bk-service__name">${service.name}</span><span class="bk-service__price">${priceOf(service, locale)}</span></span>
<span class="bk-service__meta">${formatDuration(service.durationMinutes)}${service.requiresConfirmation && ' · confirmed by the business'}</span>
${service.description && html`<span class="bk-service__description">${service.description}</span>`}
</button></li>`)}</ul></form>`
}

/** Optional add-ons: checkboxes; a new choice of extras forgets the time (they lengthen it). */
export function extrasStep(context: FlowContext & { service: PublicService }): Html {
  const { service, state, project } = context
  return html`<p class="bk-muted">Optional add-ons for ${service.name}.</p>
<form method="get" action="${STEP_PATHS.time}" class="bk-form">${hiddenState(state, ['extras', 'start', 'coupon'])}
<fieldset class="bk-extras"><legend class="fb-visually-hidden">Extras</legend>
${service.extras.map(extra => html`<label class="bk-extra"><input type="checkbox" name="extras" value="${extra.id}"${attr('checked', state.extras.includes(extra.id))}>
<span class="bk-extra__name">${extra.name}</span><span class="bk-extra__meta">${extra.durationMinutes > 0 && `+${formatDuration(extra.durationMinutes)} · `}+${formatMoney(extra.price, project.defaultLocale)}</span></label>`)}
</fieldset>
<div class="bk-nav"><a class="fb-button fb-button--secondary" href="${stepUrl('service', state)}">Back</a>
<button type="submit" class="fb-button" data-bk-extras-continue>Continue</button></div>
</form>`
}

/** The waitlist's form for this service, from the day shown. */
function waitlistUrl(state: FlowContext['state'], date: string | undefined): string {
  return flowUrl('/book/waitlist', state, ['start', 'd', 'coupon'], { date })
}

/** The month, the day and its times; Continue goes to the details with the chosen start. */
export function timeStep(context: FlowContext & { service: PublicService }, picker: Picker, input: PickerInput): Html {
  const { state, service } = context
  const back = service.extras.length ? stepUrl('extras', state) : stepUrl('service', state)
  return html`<form method="get" action="${STEP_PATHS.details}" class="bk-form" data-bk-time>${hiddenState(state, ['tz', 'start', 'coupon'])}
${renderPicker(picker, { selfAction: STEP_PATHS.time, idPrefix: 'bk-book', input })}
${waitlistTakes(service) && html`<p class="bk-muted bk-waitlist-link">No time that suits you? <a href="${waitlistUrl(state, input.date ?? picker.date)}">Join the waitlist</a> and we’ll offer you a time that frees up.</p>`}
<div class="bk-nav"><a class="fb-button fb-button--secondary" href="${back}">Back</a>
<button type="submit" class="fb-button">Continue</button></div>
</form>`
}
