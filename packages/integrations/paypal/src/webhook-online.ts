import type { Client, OAuthToken } from '@paypal/paypal-server-sdk'
import { payPalApiBaseUrl } from './client'
import { payPalTransmission, rawBodyBytes, type WebhookHeaders } from './webhook-headers'

const VERIFY_PATH = '/v1/notifications/verify-webhook-signature'
const TIMEOUT_MS = 15_000

/** Either a client from createPayPalClient, or a base URL and a Bearer token already in hand. */
export type PayPalVerifierAuth = Client | { baseUrl: string, accessToken: string }

export interface VerifyPayPalWebhookOnlineInput {
  headers: WebhookHeaders
  rawBody: string | Uint8Array
  /** Our webhook subscription id. */
  webhookId: string
}

/** Tokens fetched for verification, per client (the SDK keeps its own out of reach). */
const tokens = new WeakMap<Client, OAuthToken>()

/**
 * Asks PayPal whether a delivery is genuine (POST /v1/notifications/verify-webhook-signature),
 * sending the five transmission headers, our webhook id and the event as parsed JSON, as
 * PayPal's own Node SDK did. True only for `verification_status: 'SUCCESS'`. Never throws: an
 * unreachable PayPal is `false` too, so the handler answers non-2xx and PayPal delivers again.
 */
export async function verifyPayPalWebhookOnline(auth: PayPalVerifierAuth, input: VerifyPayPalWebhookOnlineInput): Promise<boolean> {
  try {
    const transmission = payPalTransmission(input.headers)
    if (transmission === undefined || input.webhookId === '') return false
    const event: unknown = JSON.parse(rawBodyBytes(input.rawBody).toString('utf8'))
    const { baseUrl, accessToken } = await resolveAuth(auth)
    const response = await fetch(new URL(VERIFY_PATH, baseUrl), {
      method: 'POST',
      headers: { 'authorization': `Bearer ${accessToken}`, 'content-type': 'application/json', 'accept': 'application/json' },
      body: JSON.stringify({
        auth_algo: transmission.authAlgo,
        cert_url: transmission.certUrl,
        transmission_id: transmission.transmissionId,
        transmission_sig: transmission.transmissionSig,
        transmission_time: transmission.transmissionTime,
        webhook_id: input.webhookId,
        webhook_event: event,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (!response.ok) return false
    const answer = await response.json() as { verification_status?: unknown }
    return answer.verification_status === 'SUCCESS'
  }
  catch {
    return false
  }
}

async function resolveAuth(auth: PayPalVerifierAuth): Promise<{ baseUrl: string, accessToken: string }> {
  if ('accessToken' in auth) return auth
  const baseUrl = payPalApiBaseUrl(auth)
  const token = await auth.clientCredentialsAuthManager.updateToken(tokens.get(auth))
  tokens.set(auth, token)
  return { baseUrl, accessToken: token.accessToken }
}
