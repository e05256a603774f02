import type { PublicService } from '@flectar/bookings'
import { BOOKING_FILE_ACCEPT, BOOKING_FILE_MAX_BYTES } from '@flectar/sites/booking-file-limits'
import { TURNSTILE_SCRIPT_URL } from '@flectar/turnstile'
import type { BookingDraft } from './draft'
import { bookingFieldId, fieldErrorSentence } from './fields'
import { attr, html, type Html } from './html'
import { hiddenState, STEP_PATHS, stepUrl, type FlowContext } from './flow-page'

/** The field key of the Turnstile check among the details form's errors. */
export const TURNSTILE_FIELD = 'turnstile'

/** What the details form says when Turnstile did not let it through. */
export const TURNSTILE_MESSAGES = {
  refused: 'Complete the check that you are a person, then continue.',
  unavailable: 'We could not check that you are a person just now. Please try again in a moment.',
  again: 'Please confirm again that you are a person, then continue.',
} as const

type Requirement = PublicService['requirements'][number]

export const sizeLabel = (bytes: number) => bytes >= 1024 * 1024 ? `${Number((bytes / (1024 * 1024)).toFixed(1))} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`

/** The message a required question shows when left empty (the API's words, as a sentence). */
export function missingAnswer(requirement: Requirement): string {
  return requirement.kind === 'consent' ? 'must be accepted' : requirement.kind === 'file' ? 'Choose a file to upload.' : 'is required'
}

const subjectOf = (requirement: Requirement) => requirement.kind === 'checkbox' || requirement.kind === 'consent' ? 'This' : undefined
const optional = (requirement: Requirement) => !requirement.required && requirement.kind !== 'consent' ? html`<span class="bk-optional"> (optional)</span>` : ''

export interface FieldState {
  errors: Record<string, string>
  /** The field that takes the focus: the first with an error. */
  focus?: string
}

function errorOf(key: string, state: FieldState, subject?: string): { attrs: Html, message: Html } {
  const message = state.errors[key]
  const id = `${bookingFieldId(key)}-error`
  return {
    attrs: html`${attr('aria-invalid', message ? 'true' : undefined)}${attr('autofocus', state.focus === key)}`,
    message: message ? html`<p id="${id}" class="bk-error">${fieldErrorSentence(key, message, subject)}</p>` : html``,
  }
}

const describedBy = (...ids: Array<string | false | undefined>) => attr('aria-describedby', ids.filter(Boolean).join(' '))

export function customerField(key: 'name' | 'email' | 'phone', value: string, state: FieldState, emailHint = 'We send the confirmation and a link to change or cancel here.'): Html {
  const name = `customer.${key}`
  const id = bookingFieldId(name)
  const error = errorOf(name, state)
  const kinds = { name: ['Name', 'text', 'name', 200], email: ['Email', 'email', 'email', 320], phone: ['Phone', 'tel', 'tel', 40] } as const
  const [label, type, autocomplete, max] = kinds[key]
  return html`<div class="fb-field"><label for="${id}">${label}${key === 'phone' && html` <span class="bk-optional">(optional)</span>`}</label>
<input id="${id}" name="${name}" type="${type}" autocomplete="${autocomplete}" maxlength="${max}" value="${value}"${attr('required', key !== 'phone')}
${describedBy(state.errors[name] && `${id}-error`, key === 'email' && 'bk-email-hint')}${error.attrs}
${attr('data-bk-required', key !== 'phone' && fieldErrorSentence(name, 'is required'))}${attr('data-bk-invalid', key !== 'name' && fieldErrorSentence(name, key === 'email' ? 'must be an email address' : 'must be a phone number'))}>
${key === 'email' && html`<p id="bk-email-hint" class="bk-hint">${emailHint}</p>`}${error.message}</div>`
}

function fileField(requirement: Requirement, file: BookingDraft['files'][string] | undefined, state: FieldState): Html {
  const key = `answers.${requirement.id}`
  const id = bookingFieldId(key)
  const error = errorOf(key, state)
  const label = html`${requirement.label}${optional(requirement)}`
  const input = html`<input id="${id}" type="file" name="file.${requirement.id}" class="bk-file__input" accept="${BOOKING_FILE_ACCEPT}" data-max-bytes="${BOOKING_FILE_MAX_BYTES}"
${attr('required', requirement.required && !file)}${describedBy(`${id}-hint`, state.errors[key] && `${id}-error`)}${error.attrs}${attr('data-bk-required', requirement.required && !file && fieldErrorSentence(key, missingAnswer(requirement)))}>`
  if (!file) {
    return html`<div class="bk-file" data-bk-file="${requirement.id}"><label for="${id}" class="bk-file__label">${label}</label>${input}
<p id="${id}-hint" class="bk-hint">A photo or a PDF, up to 10 MB. Only the business sees it.</p>${error.message}</div>`
  }
  return html`<div class="bk-file" data-bk-file="${requirement.id}"><p class="bk-file__label">${label}</p>
<div class="bk-file__chosen"><span class="bk-file__name">${file.name}</span><span class="bk-hint">Uploaded · ${sizeLabel(file.size)}</span></div>
<input type="hidden" name="${key}" value="${file.id}"><input type="hidden" name="filename.${requirement.id}" value="${file.name}"><input type="hidden" name="filesize.${requirement.id}" value="${file.size}">
<label class="bk-check"><input type="checkbox" name="remove" value="${requirement.id}"><span>Remove ${file.name}</span></label>
<label for="${id}" class="bk-hint">Or replace it with another file</label>${input}
<p id="${id}-hint" class="bk-hint">A photo or a PDF, up to 10 MB. Only the business sees it.</p>${error.message}</div>`
}

export function requirementField(requirement: Requirement, draft: BookingDraft, state: FieldState): Html {
  const key = `answers.${requirement.id}`
  const id = bookingFieldId(key)
  const value = draft.answers[requirement.id]
  const error = errorOf(key, state, subjectOf(requirement))
  const required = attr('data-bk-required', requirement.required && fieldErrorSentence(key, missingAnswer(requirement), subjectOf(requirement)))
  const errorIds = state.errors[key] && `${id}-error`
  switch (requirement.kind) {
    case 'text':
      return html`<div class="fb-field"><label for="${id}">${requirement.label}${optional(requirement)}</label>
<textarea id="${id}" name="${key}" rows="3" maxlength="2000"${attr('required', requirement.required)}${describedBy(errorIds)}${error.attrs}${required}>${typeof value === 'string' ? value : ''}</textarea>${error.message}</div>`
    case 'choice':
      return html`<fieldset class="bk-choice"${describedBy(errorIds)}${attr('aria-invalid', errorIds ? 'true' : undefined)}><legend>${requirement.label}${optional(requirement)}</legend>
${(requirement.options ?? []).map((option, index) => html`<label class="bk-check"><input${attr('id', index === 0 ? id : undefined)} type="radio" name="${key}" value="${option}"${attr('checked', value === option)}${attr('required', requirement.required)}${index === 0 ? html`${attr('autofocus', state.focus === key)}${required}` : ''}><span>${option}</span></label>`)}
${error.message}</fieldset>`
    case 'file':
      return fileField(requirement, draft.files[requirement.id], state)
    default:
      return html`<div class="bk-field-check"><label class="bk-check${requirement.kind === 'consent' ? ' bk-check--consent' : ''}">
<input id="${id}" type="checkbox" name="${key}" value="true"${attr('checked', value === true)}${attr('required', requirement.required)}${describedBy(errorIds)}${error.attrs}${required}>
<span>${requirement.label}${optional(requirement)}</span></label>${error.message}</div>`
  }
}

/** Cloudflare's widget, rendered by its own script (implicit rendering), which adds the token field to the form. */
export function turnstileField(siteKey: string, message: string | undefined): Html {
  return html`<div class="bk-turnstile"><div class="cf-turnstile" data-sitekey="${siteKey}" data-action="booking"></div>
${message && html`<p id="bk-turnstile-error" class="bk-error">${message}</p>`}</div>
<script src="${TURNSTILE_SCRIPT_URL}" async defer></script>`
}

/**
 * Name, email and phone, then the service's own questions; a multipart form when a question
 * asks for a file. With the project's Turnstile site key, the widget before the buttons.
 */
export function detailsStep(context: FlowContext & { service: PublicService }, draft: BookingDraft, errors: Record<string, string>, turnstileSiteKey?: string): Html {
  const { state, service, project } = context
  const focus = Object.keys(errors)[0]
  const fields: FieldState = { errors, focus }
  const files = service.requirements.some(requirement => requirement.kind === 'file')
  return html`<form method="post" action="${STEP_PATHS.details}" class="bk-form" novalidate${files && html` enctype="multipart/form-data"`} data-bk-details data-slug="${project.slug}">
${hiddenState(state, ['d', 'coupon'])}
<div class="bk-details">
${customerField('name', draft.customer.name, fields)}
${customerField('email', draft.customer.email, fields)}
${customerField('phone', draft.customer.phone, fields)}
${service.requirements.map(requirement => requirementField(requirement, draft, fields))}
</div>
${turnstileSiteKey && turnstileField(turnstileSiteKey, errors[TURNSTILE_FIELD])}
<div class="bk-nav"><a class="fb-button fb-button--secondary" href="${stepUrl('time', state)}">Back</a>
<button type="submit" class="fb-button">Continue</button></div>
</form>`
}
