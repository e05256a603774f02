import { joinWaitlist, joinWaitlistSchema, offerFreedSlotsAfterChange, projectCanText } from '@flectar/bookings'
import { AppError, InvalidInputError, parseInput } from '@flectar/errors'
import { turnstileFieldName } from '@flectar/turnstile'
import { TURNSTILE_FIELD, TURNSTILE_MESSAGES } from '../../../booking/details-view'
import { todayIn } from '@flectar/time'
import { stateParams } from '../../../booking/state'
import { goToStep } from '../../../booking/flow-pages'
import { fieldOf, loadFlow, readPostedForm } from '../../../booking/load-flow'
import { sendWaitlistPage } from '../../../booking/waitlist-pages'
import { waitlistJoinForm, waitlistTakes, type WaitlistForm } from '../../../booking/waitlist-view'

/**
 * Joins the waitlist from its form (works without JavaScript), then offers at once any time
 * already free in the range; POST, redirect, GET. A field error re-renders the form (422) with
 * every value kept.
 */
export default defineEventHandler(async (event) => {
  const posted = await readPostedForm(event)
  const context = await loadFlow(event, posted.fields)
  const { service, project, state } = context
  if (!service || !waitlistTakes(service)) return goToStep(event, service ? 'time' : 'service', context)
  const db = useDatabase().db
  const canText = await projectCanText(db, project.id)
  const form: WaitlistForm = {
    fromDate: fieldOf(posted, 'fromDate'), toDate: fieldOf(posted, 'toDate'),
    name: fieldOf(posted, 'customer.name'), email: fieldOf(posted, 'customer.email'), phone: fieldOf(posted, 'customer.phone'),
    channel: canText && fieldOf(posted, 'channel') === 'sms' ? 'sms' : 'email',
    answers: Object.fromEntries(service.requirements.filter(requirement => requirement.kind !== 'file').map((requirement) => {
      const value = fieldOf(posted, `answers.${requirement.id}`)
      return [requirement.id, requirement.kind === 'checkbox' || requirement.kind === 'consent' ? value === 'true' : value]
    })),
  }
  const timeZone = state.timeZone ?? project.timeZone
  try {
    await enforceSiteRateLimit(event, 'api_book')
    const input = parseInput(joinWaitlistSchema, {
      serviceId: service.id, fromDate: form.fromDate, toDate: form.toDate, timeZone, channel: form.channel,
      customer: { name: form.name, email: form.email, phone: form.phone },
      // Left empty, a question is not answered (as on the details step).
      answers: Object.fromEntries(Object.entries(form.answers).filter(([, value]) => value !== '' && value !== false)),
    })
    // With Turnstile on, checked once the fields are valid (a token is good for one check), before anything is stored.
    const human = await checkFormTurnstile(event, project.id, posted.fields[turnstileFieldName]?.length === 1 ? posted.fields[turnstileFieldName][0] : undefined, 'booking')
    if (human.outcome !== 'ok') throw new InvalidInputError({ [TURNSTILE_FIELD]: TURNSTILE_MESSAGES[human.outcome] })
    await joinWaitlist(db, project, input)
    await offerFreedSlotsAfterChange(db, await siteBookingEnv(event, project), service.id)
    const query = new URLSearchParams([...stateParams(state, ['start', 'd', 'coupon']), ['joined', '1'], ['from', input.fromDate], ['to', input.toDate]])
    return sendRedirect(event, `/book/waitlist?${query}`, 303)
  }
  catch (error) {
    if (!(error instanceof AppError)) throw error
    const today = todayIn(timeZone)
    const turnstileSiteKey = await turnstileSiteKeyOf(project.id)
    const content = (errors: Record<string, string>) => waitlistJoinForm({ ...context, service }, form, errors, { today, canText, turnstileSiteKey })
    if (error.kind === 'invalid' && error.data.fields) {
      return sendWaitlistPage(event, project, { title: 'Join the waitlist', content: content(error.data.fields), embed: state.embed, notice: 'Some details need attention.', status: 422 })
    }
    const notice = error.kind === 'rate_limited' ? 'Too many attempts. Please try again in a minute.' : error.message
    return sendWaitlistPage(event, project, { title: 'Join the waitlist', content: content({}), embed: state.embed, notice, status: error.statusCode })
  }
})
