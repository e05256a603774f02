import { applyPlatformStripeEvent } from '@flectar/billing'
import { NotFoundError } from '@flectar/errors'
import { verifyStripeWebhook } from '@flectar/stripe'

/**
 * The platform's own Stripe account's webhook (platform billing). The signature is checked over
 * the raw body with PLATFORM_STRIPE_WEBHOOK_SECRET before anything is read; each event id is
 * applied once. With billing off the route does not exist (404).
 */
export default defineEventHandler(async (event) => {
  const config = useBillingConfig()
  if (!config.enabled || !config.stripe) throw new NotFoundError('Platform billing is off on this installation.', 'billing_disabled')
  const verified = verifyStripeWebhook((await readRawBody(event, false)) ?? '', getHeader(event, 'stripe-signature'), config.stripe.webhookSecret)
  if (!verified.valid) throw rejectDelivery('The Stripe signature does not verify.', `webhook_${verified.reason}`)
  const { outcome, notCancelled } = await applyPlatformStripeEvent(useDatabase().db, config, verified.event)
  if (notCancelled) useLogger().warn('platform billing: a replaced subscription is still active at Stripe; cancel it by hand', { subscription: notCancelled })
  return { received: true, outcome }
})
