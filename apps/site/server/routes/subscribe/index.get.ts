import { listPlans } from '@flectar/subscriptions'
import { bookingProject } from '../../booking/load-flow'
import { sendBookingPage } from '../../booking/layout'
import { subscribePage } from '../../subscriptions/views'

// The plans the business offers, and the form that starts a subscription.
export default defineEventHandler(async (event) => {
  const project = await bookingProject(event)
  const plans = await listPlans(useDatabase().db, { orgId: project.orgId, projectId: project.id }, { activeOnly: true })
  const query = getQuery(event)
  const planId = typeof query.plan === 'string' ? query.plan : undefined
  const notice = query.cancelled === '1' ? 'Nothing was charged. Choose a plan when you are ready.' : undefined
  return sendBookingPage(event, project, { title: 'Subscribe', body: subscribePage(project, plans, { planId, notice }), embed: false, status: plans.length > 0 ? 200 : 404 })
})
