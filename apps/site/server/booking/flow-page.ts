import type { PublicService } from '@flectar/bookings'
import type { Project } from '@flectar/sites'
import { html, type Html } from './html'
import { stateParams, type FlowState } from './state'

export type StepKey = 'service' | 'extras' | 'time' | 'details' | 'review'

/** Each step's address. */
export const STEP_PATHS: Record<StepKey | 'done', string> = {
  service: '/book', extras: '/book/extras', time: '/book/time', details: '/book/details', review: '/book/summary', done: '/book/done',
}

export interface FlowContext {
  project: Project
  state: FlowState
  services: PublicService[]
  service?: PublicService
}

/** The steps of this service's flow (no extras step when it has none). */
export function stepsOf(service: PublicService | undefined): Array<{ key: StepKey, label: string }> {
  return [
    { key: 'service', label: 'Service' },
    ...(service?.extras.length ? [{ key: 'extras' as const, label: 'Extras' }] : []),
    { key: 'time', label: 'Date & time' },
    { key: 'details', label: 'Your details' },
    { key: 'review', label: 'Confirm' },
  ]
}

/** The step after `key` for this service. */
export function nextStep(service: PublicService | undefined, key: StepKey): StepKey {
  const steps = stepsOf(service)
  return steps[Math.min(steps.length - 1, steps.findIndex(step => step.key === key) + 1)]!.key
}

/** A step's address with the state so far (a step only reads what comes before it). */
export function stepUrl(key: StepKey, state: FlowState): string {
  const query = new URLSearchParams(stateParams(state, LATER_STATE[key])).toString()
  return query ? `${STEP_PATHS[key]}?${query}` : STEP_PATHS[key]
}

// What each step has not been asked yet, left out of its address.
const LATER_STATE: Record<StepKey, Parameters<typeof stateParams>[1]> = {
  service: ['extras', 'tz', 'start', 'd', 'coupon'],
  extras: ['start', 'd', 'coupon'],
  time: ['d', 'coupon'],
  details: ['coupon'],
  review: [],
}

/** The state as hidden fields of a step's form, without what the form itself asks for. */
export function hiddenState(state: FlowState, omit: Parameters<typeof stateParams>[1] = []): Html {
  return html`${stateParams(state, omit).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`
}

/** Where the visitor is; steps already done are links back. */
function stepsNav(context: FlowContext, current: StepKey): Html {
  const steps = stepsOf(context.service)
  const index = steps.findIndex(step => step.key === current)
  return html`<nav aria-label="Booking steps"><ol class="bk-steps">${steps.map((step, position) => position < index
    ? html`<li class="is-done"><a class="bk-steps__item" href="${stepUrl(step.key, context.state)}"><span class="bk-steps__number" aria-hidden="true">✓</span><span>${step.label}<span class="fb-visually-hidden"> (done, go back)</span></span></a></li>`
    : html`<li${position === index ? html` class="is-current"` : ''}><span class="bk-steps__item"${position === index ? html` aria-current="step"` : ''}><span class="bk-steps__number" aria-hidden="true">${position + 1}</span><span>${step.label}</span></span></li>`)}</ol></nav>`
}

export interface StepSection {
  heading: string
  /** The heading takes the focus when the page opens (each step after the first), unless a field does. */
  focusHeading: boolean
  notice?: string | Html
  content: Html
}

/** The booking flow's page body: its title, the steps, a notice and the current step. */
export function flowBody(context: FlowContext, current: StepKey | 'done', section: StepSection): Html {
  const { project, state } = context
  return html`<section class="fb-block bk-page${state.embed ? ' bk-page--embed' : ''}"><div class="fb-container fb-container--narrow">
<h1 class="fb-heading">Book an appointment</h1>${!state.embed && html`<p class="fb-intro">with ${project.name}</p>`}
<div class="bk-flow">${current !== 'done' && stepsNav(context, current)}
${section.notice && html`<p class="fb-notice fb-notice--error bk-notice" role="alert">${section.notice}</p>`}
<section class="bk-step" aria-labelledby="bk-step-heading">
<h2 id="bk-step-heading" tabindex="-1" class="fb-heading${current === 'done' ? '' : ' fb-heading--small'}"${section.focusHeading ? html` autofocus` : ''}>${section.heading}</h2>
${section.content}
</section></div></div></section>`
}
