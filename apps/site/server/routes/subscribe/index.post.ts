import { AppError } from '@flectar/errors'
import { listPlans, startSubscriptionCheckout } from '@flectar/subscriptions'
import { fieldOf, bookingProject, readPostedForm } from '../../booking/load-flow'
import { sendBookingPage } from '../../booking/layout'
import { subscriptionEnvOf } from '../../subscriptions/context'
import { subscribePage } from '../../subscriptions/views'

// Starts the subscription and sends the visitor to Stripe's page; a mistake is shown on the form.
export default defineEventHandler(async (event) => {
  const project = await bookingProject(event)
  const form = await readPostedForm(event)
  const answers = { planId: fieldOf(form, 'planId'), name: fieldOf(form, 'customer.name'), email: fieldOf(form, 'customer.email') }
  try {
    await enforceSiteRateLimit(event, 'api_book')
    const { url } = await startSubscriptionCheckout(useDatabase().db, project, { planId: answers.planId, customer: { name: answers.name, email: answers.email } }, await subscriptionEnvOf(event, project))
    return sendRedirect(event, url, 303)
  }
  catch (error) {
    if (!(error instanceof AppError) || (error.statusCode >= 500 && error.kind !== 'upstream_failed')) throw error
    const plans = await listPlans(useDatabase().db, { orgId: project.orgId, projectId: project.id }, { activeOnly: true })
    const errors = error.kind === 'invalid' ? error.data.fields ?? {} : error.kind === 'not_found' ? { planId: 'Choose one of the plans.' } : {}
    const failure = error.kind === 'invalid' || error.kind === 'not_found' ? undefined : error.kind === 'rate_limited' ? 'Too many attempts. Please try again in a minute.' : error.message
    return sendBookingPage(event, project, { title: 'Subscribe', body: subscribePage(project, plans, { ...answers, errors, failure }), embed: false, status: error.statusCode })
  }
})
