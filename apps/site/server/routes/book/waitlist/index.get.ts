import { projectCanText } from '@flectar/bookings'
import { todayIn } from '@flectar/time'
import { goToStep } from '../../../booking/flow-pages'
import { loadFlow } from '../../../booking/load-flow'
import { addDays, sendWaitlistPage } from '../../../booking/waitlist-pages'
import { waitlistJoined, waitlistJoinForm, waitlistTakes } from '../../../booking/waitlist-view'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * `/book/waitlist?service=…&date=…&tz=…`: join a service's waitlist for a range of days (from
 * the day shown on the times step, a week by default); `&joined=1&from&to` says it worked.
 */
export default defineEventHandler(async (event) => {
  const query = getQuery(event)
  const context = await loadFlow(event, query)
  const { service, project, state } = context
  if (!service || !waitlistTakes(service)) return goToStep(event, service ? 'time' : 'service', context)
  const today = todayIn(state.timeZone ?? project.timeZone)
  if (query.joined === '1' && typeof query.from === 'string' && DATE.test(query.from) && typeof query.to === 'string' && DATE.test(query.to)) {
    return sendWaitlistPage(event, project, { title: 'You’re on the waitlist', content: waitlistJoined({ ...context, service }, query.from, query.to), embed: state.embed })
  }
  const from = state.date && state.date >= today ? state.date : today
  const form = { fromDate: from, toDate: addDays(from, 6), name: '', email: '', phone: '', channel: 'email' as const, answers: {} }
  const canText = await projectCanText(useDatabase().db, project.id)
  return sendWaitlistPage(event, project, { title: 'Join the waitlist', content: waitlistJoinForm({ ...context, service }, form, {}, { today, canText, turnstileSiteKey: await turnstileSiteKeyOf(project.id) }), embed: state.embed })
})
