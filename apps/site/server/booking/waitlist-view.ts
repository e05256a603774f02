import type { OpenedOffer, PublicService } from '@flectar/bookings'
import { customerField, requirementField, TURNSTILE_FIELD, turnstileField, type FieldState } from './details-view'
import { bookingFieldId, fieldErrorSentence } from './fields'
import { formatDay, formatSlotRange } from './format'
import { attr, html, type Html } from './html'
import { hiddenState, stepUrl, type FlowContext } from './flow-page'

export interface WaitlistForm {
  fromDate: string
  toDate: string
  name: string
  email: string
  phone: string
  channel: 'email' | 'sms'
  answers: Record<string, string | boolean>
}

/** Whether the waitlist can take this service: a required file cannot wait days to be sent. */
export function waitlistTakes(service: PublicService): boolean {
  return !service.requirements.some(requirement => requirement.kind === 'file' && requirement.required)
}

/** The waitlist's page frame, as the booking steps have theirs. */
export function waitlistPage(heading: string, content: Html, notice?: string): Html {
  return html`<section class="fb-block bk-page"><div class="fb-container fb-container--narrow">
<h1 class="fb-heading">${heading}</h1>
${notice && html`<p class="fb-notice fb-notice--error bk-notice" role="alert">${notice}</p>`}
<div class="bk-flow">${content}</div></div></section>`
}

function dateField(key: 'fromDate' | 'toDate', label: string, value: string, min: string, state: FieldState): Html {
  const id = bookingFieldId(key)
  const message = state.errors[key]
  return html`<div class="fb-field"><label for="${id}">${label}</label>
<input id="${id}" name="${key}" type="date" required value="${value}" min="${min}"${attr('aria-invalid', message ? 'true' : undefined)}${attr('aria-describedby', message && `${id}-error`)}${attr('autofocus', state.focus === key)}>
${message && html`<p id="${id}-error" class="bk-error">${fieldErrorSentence(key, message, key === 'fromDate' ? 'The first day' : 'The last day')}</p>`}</div>`
}

/** Which days, who, and how to tell them: a plain form that works without JavaScript. */
export function waitlistJoinForm(context: FlowContext & { service: PublicService }, form: WaitlistForm, errors: Record<string, string>, options: { today: string, canText: boolean, turnstileSiteKey?: string }): Html {
  const { state, service } = context
  const fields: FieldState = { errors, focus: Object.keys(errors)[0] }
  const channelError = errors.channel
  return html`<p class="fb-intro">Nothing free that suits you for ${service.name}? Tell us which days you could come. When a time frees up on one of them, we offer it to the first person waiting, and hold it for them for 15 minutes.</p>
<form method="post" action="/book/waitlist" class="bk-form" novalidate>
${hiddenState(state, ['start', 'd', 'coupon'])}
<div class="bk-details">
${dateField('fromDate', 'From', form.fromDate, options.today, fields)}
${dateField('toDate', 'Until', form.toDate, options.today, fields)}
${customerField('name', form.name, fields)}
${customerField('email', form.email, fields, 'We email you here when a time frees up.')}
${customerField('phone', form.phone, fields)}
${service.requirements.filter(requirement => requirement.kind !== 'file').map(requirement => requirementField(requirement, { customer: { name: form.name, email: form.email, phone: form.phone }, answers: form.answers, files: {} }, fields))}
${options.canText && html`<fieldset class="bk-choice"${attr('aria-invalid', channelError ? 'true' : undefined)}><legend>Tell me by</legend>
<label class="bk-check"><input id="${bookingFieldId('channel')}" type="radio" name="channel" value="email"${attr('checked', form.channel === 'email')}><span>Email</span></label>
<label class="bk-check"><input type="radio" name="channel" value="sms"${attr('checked', form.channel === 'sms')}><span>Email and a text message</span></label>
</fieldset>`}
</div>
${options.turnstileSiteKey && turnstileField(options.turnstileSiteKey, errors[TURNSTILE_FIELD])}
<div class="bk-nav"><a class="fb-button fb-button--secondary" href="${stepUrl('time', state)}">Back to the times</a>
<button type="submit" class="fb-button">Join the waitlist</button></div>
</form>`
}

export function waitlistJoined(context: FlowContext & { service: PublicService }, from: string, to: string): Html {
  const locale = context.project.defaultLocale
  return html`<div class="fb-notice fb-notice--success" role="status" tabindex="-1" autofocus>You’re on the waitlist for ${context.service.name}.</div>
<p>We’ll email you as soon as a time frees up between ${formatDay(from, locale)} and ${formatDay(to, locale)}. The link in that email holds the time for you for 15 minutes.</p>
<div class="fb-actions"><a class="fb-button fb-button--secondary" href="${stepUrl('time', context.state)}">Back to the times</a></div>`
}

/** A claim link: the time offered and one button to book it; or why it can no longer be booked. */
export function waitlistOfferView(opened: OpenedOffer, base: string, failure?: string): Html {
  const { offer, entry, project, state, serviceName } = opened
  const locale = project.defaultLocale
  const slot = { start: offer.startsAt.toISOString(), end: offer.endsAt.toISOString() }
  const until = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: entry.timeZone }).format(offer.expiresAt)
  const card = html`<div class="fb-card bk-manage__card"><h2 class="fb-heading fb-heading--small">${serviceName}</h2>
<dl class="bk-manage__list"><div><dt>When</dt><dd>${formatSlotRange(slot, entry.timeZone, locale)} <span class="bk-muted">(${entry.timeZone.replaceAll('_', ' ')})</span></dd></div>
<div><dt>For</dt><dd>${entry.name}</dd></div></dl></div>`
  if (state === 'taken') return html`${card}<p class="fb-notice" role="status">This time is booked for you already: the confirmation email has the link to change or cancel it.</p>`
  if (state === 'expired') return html`${card}<p class="fb-notice" role="status">This offer has lapsed and the time went to the next person waiting. You are still on the waitlist: we’ll email you when another time frees up.</p>`
  return html`${failure && html`<p class="fb-notice fb-notice--error" role="alert">${failure}</p>`}${card}
<p>This time is held for you until <strong>${until}</strong>.</p>
<form method="post" action="${base}" class="bk-form"><div class="bk-nav"><button type="submit" class="fb-button">Book this time</button></div></form>`
}
