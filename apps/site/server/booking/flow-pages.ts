import type { H3Event } from 'h3'
import type { PublicService } from '@flectar/bookings'
import { AppError } from '@flectar/errors'
import { offeredPaymentProviders } from '@flectar/payments'
import type { BookingDraft } from './draft'
import { openDraft } from './draft'
import { detailsStep } from './details-view'
import { flowBody, stepUrl, type FlowContext, type StepKey, type StepSection } from './flow-page'
import { sendBookingPage } from './layout'
import { loadFlow } from './load-flow'
import { loadPicker, type PickerInput } from './picker'
import { extrasStep, serviceStep, timeStep } from './step-views'
import { summaryStep, type SummaryInput } from './summary-view'
import { COVERING_STATUSES } from '@flectar/subscriptions'
import { coveringSubscription } from '../subscriptions/context'

// Rendering each step of the flow as a page; the routes (server/routes/book/*) decide which.

export type ServiceContext = FlowContext & { service: PublicService }

export const EMPTY_DRAFT: BookingDraft = { customer: { name: '', email: '', phone: '' }, answers: {}, files: {} }

/** A step page: the flow's frame around the step. */
export async function sendStep(event: H3Event, context: FlowContext, key: StepKey | 'done', section: StepSection, status = 200, title = 'Book an appointment'): Promise<string> {
  return sendBookingPage(event, context.project, { title, body: flowBody(context, key, section), embed: context.state.embed, noindex: key !== 'service', status, noReferrer: key === 'done' })
}

export async function sendServiceStep(event: H3Event, context: FlowContext, notice?: string, status = 200): Promise<string> {
  return sendStep(event, context, 'service', { heading: 'Choose a service', focusHeading: false, notice, content: serviceStep(context) }, status)
}

export async function sendExtrasStep(event: H3Event, context: ServiceContext, notice?: string, status = 200): Promise<string> {
  return sendStep(event, context, 'extras', { heading: 'Add extras', focusHeading: !notice, notice, content: extrasStep(context) }, status)
}

export function pickerInputOf(context: ServiceContext): PickerInput {
  const { state, project, service } = context
  return { serviceId: service.id, extras: state.extras, timeZone: state.timeZone ?? project.timeZone, businessZone: project.timeZone, locale: project.defaultLocale, month: state.month, date: state.date, start: state.start }
}

export async function sendTimeStep(event: H3Event, context: ServiceContext, notice?: string, status = 200): Promise<string> {
  const input = pickerInputOf(context)
  try {
    const picker = await loadPicker(useDatabase().db, context.project, input)
    return sendStep(event, context, 'time', { heading: 'Choose a date and time', focusHeading: !notice, notice, content: timeStep(context, picker, input) }, status)
  }
  catch (error) {
    // A service or extras no longer bookable: back to choosing, with the reason.
    if (error instanceof AppError && error.kind === 'invalid') return sendServiceStep(event, context, 'This service cannot be booked online any more; please choose another.', 422)
    throw error
  }
}

export async function sendDetailsStep(event: H3Event, context: ServiceContext, draft: BookingDraft, errors: Record<string, string> = {}, status = 200): Promise<string> {
  const notice = Object.keys(errors).length ? 'Some details need attention.' : undefined
  const turnstileSiteKey = await turnstileSiteKeyOf(context.project.id)
  return sendStep(event, context, 'details', { heading: 'Your details', focusHeading: !notice, notice, content: detailsStep(context, draft, errors, turnstileSiteKey) }, status)
}

export async function sendSummaryStep(event: H3Event, context: ServiceContext, input: SummaryInput, notice?: string, status = 200): Promise<string> {
  const covering = await coveringSubscription(context.project, context.state.subscription)
  const covered = covering && COVERING_STATUSES.has(covering.view.subscription.status) ? { planName: covering.view.plan.name, left: covering.view.bookingsLeft } : undefined
  input = { ...input, covered, providers: input.providers ?? (context.service.deposit && !covered ? await offeredPaymentProviders(useDatabase().db, context.project.id) : []) }
  return sendStep(event, context, 'review', { heading: 'Check and confirm', focusHeading: !notice && !input.conflict && !input.couponError, notice, content: summaryStep(context, input) }, status)
}

/** The visitor's details in the state's sealed draft, or none (an old or foreign link). */
export function draftOf(context: FlowContext): BookingDraft | undefined {
  return openDraft(useServerConfig().SESSION_SECRET, context.project.id, context.state.draft)
}

/** Goes (303) to a step, e.g. the first one when a link names no service. */
export function goToStep(event: H3Event, key: StepKey, context: FlowContext) {
  return sendRedirect(event, stepUrl(key, context.state), 303)
}

/**
 * The flow of a step that needs a service and a chosen start (details, summary, confirm): its
 * context, or the answer that sends the visitor back to the step they skipped.
 */
export async function startedFlow(event: H3Event, source: Record<string, unknown>): Promise<ServiceContext | { answer: unknown }> {
  const context = await loadFlow(event, source)
  const { service } = context
  if (!service) return { answer: await goToStep(event, 'service', context) }
  if (!context.state.start) return { answer: await sendTimeStep(event, { ...context, service }, 'Choose a day and a time to continue.', 422) }
  return { ...context, service }
}
