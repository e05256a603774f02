import { NotFoundError } from '@flectar/errors'
import { paymentProviderSchema, testProviderConnection } from '@flectar/payments'

/**
 * "Test connection": 200 `{ ok, message }` from a call to the provider that changes nothing
 * (Stripe, PayPal); 404 when not connected; 409 for Redsys (no such call) and the venue.
 */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'admin')
  const provider = paymentProviderSchema.safeParse(getRouterParam(event, 'provider'))
  if (!provider.success) throw new NotFoundError('There is no such payment provider.', 'payment_provider_not_found')
  const config = useServerConfig()
  return await testProviderConnection(db, useAccountsEnv().keyRing, scope.projectId, provider.data, { stripeApiUrl: config.STRIPE_API_URL, paypalApiUrl: config.PAYPAL_API_URL })
})
