import { html } from '../../../booking/html'
import { openSubscription, sendSubscriptionPage } from '../../../subscriptions/context'
import { subscriberPage } from '../../../subscriptions/views'

// The subscriber's own page, opened by the signed link Stripe sends them back to.
export default defineEventHandler(async (event) => {
  const { project, token, view } = await openSubscription(event)
  if (!view) return sendSubscriptionPage(event, project, 'Your subscription', html`<section class="fb-block bk-page"><div class="fb-container fb-container--narrow"><h1 class="fb-heading">Your subscription</h1><p class="fb-notice fb-notice--error" role="alert">This link is not valid. Use the link from the page you saw after subscribing.</p></div></section>`, 404)
  return sendSubscriptionPage(event, project, 'Your subscription', subscriberPage(project, view, `/subscriptions/${encodeURIComponent(token)}`, { justPaid: getQuery(event).checkout === 'done' }))
})
