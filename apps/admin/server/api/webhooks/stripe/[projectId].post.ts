import { deliveryFromStripe } from '@flectar/payments'
import { subscriptionFromStripeEvent, verifyStripeWebhook } from '@flectar/stripe'
import { applySubscriptionEvent } from '@flectar/subscriptions'

/**
 * Stripe's webhook for one site. The Stripe-Signature is checked over the raw body with the
 * site's signing secret (300 s tolerance) before anything is read; a bad one is a 400 and
 * stores nothing. A good one is stored once by event id (a repeat is a 200 that changes
 * nothing) and answered at once; the payments job applies it. Events of the site's customer
 * subscriptions are applied at once instead, once per event id (a repeat changes nothing).
 */
export default defineEventHandler(async (event) => {
  const { projectId, credentials } = await webhookCredentials(event, 'stripe')
  const verified = verifyStripeWebhook((await readRawBody(event, false)) ?? '', getHeader(event, 'stripe-signature'), credentials.secrets.webhookSecret ?? '')
  if (!verified.valid) throw rejectDelivery('The Stripe signature does not verify.', `webhook_${verified.reason}`)
  if (subscriptionFromStripeEvent(verified.event)) {
    const env = { keyRing: useAccountsEnv().keyRing, endpoints: { stripeApiUrl: useServerConfig().STRIPE_API_URL } }
    const outcome = await applySubscriptionEvent(useDatabase().db, projectId, env, verified.event)
    return { received: true, duplicate: outcome === 'duplicate' }
  }
  return await acknowledgeDelivery(deliveryFromStripe(projectId, verified.event))
})
