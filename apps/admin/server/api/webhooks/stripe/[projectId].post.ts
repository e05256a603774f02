import { deliveryFromStripe } from '@flectar/payments'
import { verifyStripeWebhook } from '@flectar/stripe'

/**
 * Stripe's webhook for one site. The Stripe-Signature is checked over the raw body with the
 * site's signing secret (300 s tolerance) before anything is read; a bad one is a 400 and
 * stores nothing. A good one is stored once by event id (a repeat is a 200 that changes
 * nothing) and answered at once; the payments job applies it.
 */
export default defineEventHandler(async (event) => {
  const { projectId, credentials } = await webhookCredentials(event, 'stripe')
  const verified = verifyStripeWebhook((await readRawBody(event, false)) ?? '', getHeader(event, 'stripe-signature'), credentials.secrets.webhookSecret ?? '')
  if (!verified.valid) throw rejectDelivery('The Stripe signature does not verify.', `webhook_${verified.reason}`)
  return await acknowledgeDelivery(deliveryFromStripe(projectId, verified.event))
})
