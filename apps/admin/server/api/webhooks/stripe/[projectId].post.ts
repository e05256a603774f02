import { NotFoundError } from '@flectar/errors'
import { deliveryFromStripe, loadProviderCredentials, recordWebhookDelivery } from '@flectar/payments'
import { verifyStripeWebhook } from '@flectar/stripe'
import { isUuid } from '@flectar/validation'

/**
 * Stripe's webhook for one site. The Stripe-Signature is checked over the raw body with the
 * site's signing secret (300 s tolerance) before anything is read; a bad one is a 400 and
 * stores nothing. A good one is stored once by event id (a repeat is a 200 that changes
 * nothing) and answered at once; the payments job applies it.
 */
export default defineEventHandler(async (event) => {
  const projectId = getRouterParam(event, 'projectId') ?? ''
  if (!isUuid(projectId)) throw new NotFoundError('There is no such site.', 'project_not_found')
  const { db } = useDatabase()
  const stripe = await loadProviderCredentials(db, useAccountsEnv().keyRing, projectId, 'stripe')
  if (!stripe) throw new NotFoundError('This site has not connected Stripe.', 'payment_provider_not_found')
  const verified = verifyStripeWebhook((await readRawBody(event, false)) ?? '', getHeader(event, 'stripe-signature'), stripe.secrets.webhookSecret ?? '')
  if (!verified.valid) throw createError({ statusCode: 400, statusMessage: 'The Stripe signature does not verify.', data: { code: `webhook_${verified.reason}` } })
  const delivery = deliveryFromStripe(projectId, verified.event)
  const stored = delivery ? await recordWebhookDelivery(db, delivery) : undefined
  return { received: true, duplicate: stored?.duplicate ?? false }
})
