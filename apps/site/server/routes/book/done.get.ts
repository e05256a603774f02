import { openManagedBooking, publicBooking } from '@flectar/bookings'
import { html } from '../../booking/html'
import { AppError } from '@flectar/errors'
import { openDraft } from '../../booking/draft'
import { doneHeading, doneStep } from '../../booking/done-view'
import { sendStep } from '../../booking/flow-pages'
import { loadFlow } from '../../booking/load-flow'

/** `/book/done?booking=<manage token>&d=…`: the confirmation after a booking (its details read back through the manage link). */
export default defineEventHandler(async (event) => {
  const query = getQuery(event)
  const context = await loadFlow(event, query)
  const { project, state } = context
  const token = typeof query.booking === 'string' ? query.booking : ''
  const secret = useServerConfig().SESSION_SECRET
  try {
    const opened = await openManagedBooking(useDatabase().db, token, secret, project.slug)
    const booking = publicBooking(opened.booking, opened.project, opened.policyEndsAt)
    const env = await siteBookingEnv(event, project)
    const content = doneStep(booking, {
      email: openDraft(secret, project.id, state.draft)?.customer.email ?? 'you',
      manageUrl: `${env.siteOrigin}/book/manage/${token}`,
      locale: project.defaultLocale,
      embed: state.embed,
      againUrl: state.embed ? '/book?embed=1' : '/book',
    })
    return sendStep(event, { ...context, state: { ...state, serviceId: booking.serviceId ?? undefined } }, 'done', { heading: doneHeading(booking), focusHeading: true, content }, 200, doneHeading(booking))
  }
  catch (error) {
    if (!(error instanceof AppError) || error.kind !== 'not_found') throw error
    return sendStep(event, context, 'done', { heading: 'This link is not valid', focusHeading: true, content: doneLinkInvalid() }, 404)
  }
})

function doneLinkInvalid() {
  return html`<p><a href="/book">Book an appointment</a></p>`
}
