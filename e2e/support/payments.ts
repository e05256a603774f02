import type { FakeRedsysPayment } from '@flectar/redsys/fake'
import { FAKE_STATE_PATH } from '@flectar/redsys/fake'
import { FAKE_WEBHOOK_URL_PATH } from '@flectar/stripe/fake'

/**
 * The run's payment providers are local fakes started by the global setup, and every app
 * (admin, site, worker) is pointed at them (REDSYS_URL, STRIPE_API_URL, PAYPAL_API_URL), as a
 * test deployment would be. A site
 * that connects Redsys with this merchant key pays on that fake.
 */
export const E2E_REDSYS_KEY = 'Kq1oXDkV3mPj8TLaYfB2wNc5uHsE7rGz'
/** The run's fake Stripe takes any sk_test_ key; it signs its events with this secret. */
export const E2E_STRIPE_WEBHOOK_SECRET = 'whsec_FlectarE2eRunSigningSecret'
/** The run's fake PayPal knows this one REST app. */
export const E2E_PAYPAL = { clientId: 'AFlectarE2eRunClientId', clientSecret: 'EFlectarE2eRunClientSecret', webhookId: '9PT597110X687430LKGECATC' }

/** What the run's fake Redsys saw: the decisions on its page and the refunds it was asked for. */
export async function fakeRedsysState(redsysUrl: string): Promise<{ payments: FakeRedsysPayment[], refunds: Array<Record<string, unknown>> }> {
  const response = await fetch(`${redsysUrl}${FAKE_STATE_PATH}`)
  return await response.json() as { payments: FakeRedsysPayment[], refunds: Array<Record<string, unknown>> }
}

/** Where the run's fake Stripe delivers its events from now on (one site's webhook URL at a time: e2e files run one by one). */
export async function pointFakeStripeAt(stripeUrl: string, webhookUrl: string): Promise<void> {
  const response = await fetch(`${stripeUrl}${FAKE_WEBHOOK_URL_PATH}`, { method: 'PUT', body: webhookUrl })
  if (response.status !== 204) throw new Error(`the fake Stripe refused the webhook URL: ${response.status}`)
}
