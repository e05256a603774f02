import { getPayPalOrder, PayPalApiError } from '@flectar/paypal'
import { checkStripeKey, StripeRequestError } from '@flectar/stripe'
import type { DbOrTx } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import type { KeyRing } from '@flectar/security'
import type { ProviderEndpoints } from './checkout'
import { payPalClientFor, stripeClientFor } from './provider-clients'
import { loadProviderCredentials } from './provider-settings'
import type { PaymentProviderName } from './schemas'

export type ConnectionTest = { ok: true, message: string } | { ok: false, message: string }

/**
 * Checks a saved connection with a call that changes nothing: Stripe lists one Checkout Session
 * (the key works and may read what bookings create); PayPal looks up an order that does not
 * exist (a 404 proves the app's credentials were accepted). Redsys has no such call: a test
 * payment in test mode is the check, so it is a 409. The answer names no secret.
 */
export async function testProviderConnection(db: DbOrTx, keyRing: KeyRing, projectId: string, provider: PaymentProviderName, endpoints?: ProviderEndpoints): Promise<ConnectionTest> {
  if (provider === 'redsys' || provider === 'on_site') {
    throw new ConflictError(provider === 'redsys' ? 'Redsys offers no test call: make a test payment with the environment set to test.' : 'Paying at the venue needs no connection.', 'connection_test_unavailable')
  }
  const credentials = await loadProviderCredentials(db, keyRing, projectId, provider)
  if (!credentials) throw new NotFoundError('Connect this provider first.', 'payment_provider_not_found')
  try {
    if (provider === 'stripe') {
      const client = stripeClientFor(credentials, endpoints, { maxNetworkRetries: 0, timeoutMs: 10_000 })
      await checkStripeKey(client)
      return { ok: true, message: 'Stripe accepted the key.' }
    }
    const client = payPalClientFor(credentials, endpoints)
    // Not found is the answer hoped for: PayPal only looks once the credentials are good.
    await getPayPalOrder(client, 'FLECTAR-CONNECTION-TEST').catch((error: unknown) => {
      if (!(error instanceof PayPalApiError && error.status === 404)) throw error
    })
    return { ok: true, message: 'PayPal accepted the app\'s credentials.' }
  }
  catch (error) {
    return { ok: false, message: refusal(provider, error) }
  }
}

function refusal(provider: 'stripe' | 'paypal', error: unknown): string {
  const status = error instanceof StripeRequestError ? error.statusCode : error instanceof PayPalApiError ? error.status : undefined
  if (status === 401 || status === 403) return `${provider === 'stripe' ? 'Stripe' : 'PayPal'} refused the credentials (${status}). Check that you copied them whole, from the right account and mode.`
  if (status === undefined) return `${provider === 'stripe' ? 'Stripe' : 'PayPal'} could not be reached. Try again in a moment.`
  return `${provider === 'stripe' ? 'Stripe' : 'PayPal'} answered ${status}. Try again, or check the provider's status page.`
}
