import { bookWithPayment } from '@flectar/bookings'
import { bookingPaymentChoiceSchema, createBookingSchema } from '@flectar/bookings/schemas'
import { AppError, parseInput } from '@flectar/errors'
import type { BookingDraft } from '../../booking/draft'
import { humanCheckHolds, sealDraft } from '../../booking/draft'
import { TURNSTILE_FIELD, TURNSTILE_MESSAGES } from '../../booking/details-view'
import { fieldErrorSentence, stepOfField } from '../../booking/fields'
import { stepsOf } from '../../booking/flow-page'
import { draftOf, EMPTY_DRAFT, sendDetailsStep, sendExtrasStep, sendServiceStep, sendSummaryStep, sendTimeStep, startedFlow, type ServiceContext } from '../../booking/flow-pages'
import { sendBookingPage } from '../../booking/layout'
import { fieldOf, readPostedForm, type PostedForm } from '../../booking/load-flow'
import { managePage } from '../../booking/manage-view'
import type { Slot } from '../../booking/picker'
import { continueToPayment, PROVIDER_LABELS } from '../../booking/payment-view'
import { slotOf } from '../../booking/slot-of'
import { coveringSubscription } from '../../subscriptions/context'

/** The details as the summary's form posts them. */
function postedDraft(context: ServiceContext, form: PostedForm): BookingDraft {
  const answers: BookingDraft['answers'] = {}
  for (const requirement of context.service.requirements) {
    const value = fieldOf(form, `answers.${requirement.id}`)
    answers[requirement.id] = requirement.kind === 'checkbox' || requirement.kind === 'consent' ? value === 'true' : value
  }
  return {
    customer: { name: fieldOf(form, 'customer.name'), email: fieldOf(form, 'customer.email'), phone: fieldOf(form, 'customer.phone') },
    answers,
    files: (draftOf(context) ?? EMPTY_DRAFT).files,
  }
}

/** A refused booking, shown on the step that can fix it. */
async function sendRefusal(event: Parameters<typeof readPostedForm>[0], context: ServiceContext, draft: BookingDraft, error: AppError) {
  const summary = { slot: slotOf(context), draft }
  if (error.code === 'slot_unavailable') return sendSummaryStep(event, context, { ...summary, conflict: (error.data.alternatives ?? []) as Slot[] }, undefined, 409)
  if (error.kind === 'rate_limited') return sendSummaryStep(event, context, summary, 'Too many attempts. Please try again in a minute.', 429)
  if (error.data.fields?.['payment.provider']) return sendSummaryStep(event, context, { ...summary, paymentError: error.data.fields['payment.provider'] }, undefined, 422)
  const fields = error.data.fields ?? {}
  const order = stepsOf(context.service).map(step => step.key)
  const keys = Object.keys(fields).sort((a, b) => order.indexOf(stepOfField(a)) - order.indexOf(stepOfField(b)))
  if (error.kind !== 'invalid' || !keys.length) return sendSummaryStep(event, context, summary, error.message, error.statusCode)
  const first = keys[0]!
  const sentence = fieldErrorSentence(first, fields[first])
  switch (stepOfField(first)) {
    case 'details': return sendDetailsStep(event, context, draft, Object.fromEntries(keys.map(key => [key, fields[key]!])), 422)
    case 'time': return await sendTimeStep(event, { ...context, state: { ...context.state, start: undefined } }, sentence, 422)
    case 'service': return sendServiceStep(event, context, sentence, 422)
    case 'extras': return sendExtrasStep(event, context, sentence, 422)
    default: return first === 'couponCode'
      ? sendSummaryStep(event, context, { ...summary, couponError: fields[first] }, undefined, 422)
      : sendSummaryStep(event, context, summary, sentence, 422)
  }
}

/**
 * Takes the booking from the summary's form, as the public API does (same schema, same
 * function, same rate limit), then shows the confirmation (POST, redirect, GET), or, when a
 * payment online is due, sends the visitor to the provider (a redirect to Stripe or PayPal; a
 * form to post to Redsys, and always a form inside a frame, since providers refuse to be
 * framed). A time taken meanwhile answers 409 with the nearest free ones; a field error goes
 * back to its step, and so do details that did not pass the project's Turnstile.
 */
export default defineEventHandler(async (event) => {
  const form = await readPostedForm(event)
  const flow = await startedFlow(event, form.fields)
  if ('answer' in flow) return flow.answer
  const withService: ServiceContext = flow
  const { service, state, project } = flow
  const draft = postedDraft(withService, form)
  // With Turnstile on, only details that passed it on the details step book (that token is spent).
  if (await turnstileSiteKeyOf(project.id) && !humanCheckHolds(draftOf(withService), draft)) {
    return sendDetailsStep(event, withService, draft, { [TURNSTILE_FIELD]: TURNSTILE_MESSAGES.again }, 422)
  }
  const filled = Object.fromEntries(Object.entries(draft.answers).filter(([, value]) => value !== '' && value !== false))
  try {
    await enforceSiteRateLimit(event, 'api_book')
    const input = parseInput(createBookingSchema, {
      serviceId: service.id, start: state.start, timeZone: state.timeZone ?? project.timeZone, extras: state.extras, answers: filled,
      customer: { name: draft.customer.name, email: draft.customer.email, phone: draft.customer.phone }, couponCode: state.coupon ?? '',
    })
    const { payment: choice } = parseInput(bookingPaymentChoiceSchema, { payment: fieldOf(form, 'payment.provider') ? { provider: fieldOf(form, 'payment.provider') } : undefined })
    const covering = await coveringSubscription(project, state.subscription)
    const env = { ...await siteBookingEnv(event, project), ...(covering ? { coverBySubscription: covering.cover } : {}) }
    const { manageUrl, payment } = await bookWithPayment(useDatabase().db, project, input, covering ? undefined : choice?.provider, env, useBookingPaymentEnv(), 'site')
    if (payment?.redirect) {
      if (payment.redirect.method === 'GET' && !state.embed) return sendRedirect(event, payment.redirect.url, 303)
      const body = continueToPayment(payment.redirect, payment.amount, project.defaultLocale, PROVIDER_LABELS[payment.provider].label)
      return sendBookingPage(event, project, { title: 'Pay to confirm', body: managePage(body), embed: state.embed, noindex: true, noReferrer: true })
    }
    const token = manageUrl.slice(manageUrl.lastIndexOf('/') + 1)
    const query = new URLSearchParams({ booking: token, d: sealDraft(useServerConfig().SESSION_SECRET, project.id, { ...draft, answers: {}, files: {} }) })
    if (state.embed) query.set('embed', '1')
    return sendRedirect(event, `/book/done?${query}`, 303)
  }
  catch (error) {
    if (!(error instanceof AppError)) throw error
    return await sendRefusal(event, withService, draft, error)
  }
})
