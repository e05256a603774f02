import { createPayPalClient, type PayPalEnvironment } from '@flectar/paypal'
import { createStripeClient, type StripeClientOptions } from '@flectar/stripe'
import type { ProviderEndpoints } from './checkout'
import type { ProviderCredentials } from './provider-settings'

/** The Stripe SDK for a site's saved connection, pointed at `endpoints` when a fake stands in. */
export function stripeClientFor(credentials: ProviderCredentials, endpoints: ProviderEndpoints | undefined, options: Pick<StripeClientOptions, 'maxNetworkRetries' | 'timeoutMs'> = {}) {
  return createStripeClient({ secretKey: credentials.secrets.secretKey!, baseUrl: endpoints?.stripeApiUrl, ...options })
}

/** The PayPal SDK for a site's saved connection (its app, sandbox or live), pointed at `endpoints` when a fake stands in. */
export function payPalClientFor(credentials: ProviderCredentials, endpoints: ProviderEndpoints | undefined) {
  return createPayPalClient({
    clientId: String(credentials.config.clientId),
    clientSecret: credentials.secrets.clientSecret!,
    environment: credentials.config.environment as PayPalEnvironment,
    baseUrl: endpoints?.paypalApiUrl,
  })
}
