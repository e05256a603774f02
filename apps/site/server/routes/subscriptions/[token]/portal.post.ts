import { AppError } from '@flectar/errors'
import { subscriberPortal } from '@flectar/subscriptions'
import { openSubscription, sendSubscriptionPage, subscriptionEnvOf } from '../../../subscriptions/context'
import { subscriberPage } from '../../../subscriptions/views'

// Opens Stripe's customer portal for this subscriber (change the card, see invoices, cancel).
export default defineEventHandler(async (event) => {
  const { project, token, view } = await openSubscription(event)
  if (!view) throw createError({ statusCode: 404, statusMessage: 'This link is not valid.' })
  try {
    await enforceSiteRateLimit(event, 'api_manage')
    const { url } = await subscriberPortal(useDatabase().db, project, view.subscription.id, await subscriptionEnvOf(event, project))
    return sendRedirect(event, url, 303)
  }
  catch (error) {
    if (!(error instanceof AppError) || (error.kind !== 'conflict' && error.kind !== 'upstream_failed' && error.kind !== 'rate_limited')) throw error
    return sendSubscriptionPage(event, project, 'Your subscription', subscriberPage(project, view, `/subscriptions/${encodeURIComponent(token)}`, { failure: error.message }), error.statusCode)
  }
})
