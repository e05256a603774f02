import { deliveryFromPayPal } from '@flectar/payments'
import { fetchPayPalWebhookCertificate, verifyPayPalWebhookOffline } from '@flectar/paypal'

/**
 * PayPal's webhook for one site, checked offline before the body is parsed: the CRC32 of the raw
 * body, the transmission id and time and the site's webhook id, signed with the certificate at
 * paypal-cert-url, fetched only from PayPal's API hosts over HTTPS. A bad one is a 400 and
 * stores nothing; a good one is stored once by PayPal's event id and answered at once.
 */
export default defineEventHandler(async (event) => {
  const { projectId, credentials } = await webhookCredentials(event, 'paypal')
  const rawBody = (await readRawBody(event, false)) ?? Buffer.alloc(0)
  const headers = getRequestHeaders(event)
  const certificatePem = await fetchPayPalWebhookCertificate(headers['paypal-cert-url'] ?? '', { trustedOrigins: useServerConfig().PAYPAL_CERT_TRUSTED_ORIGINS })
  const webhookId = typeof credentials.config.webhookId === 'string' ? credentials.config.webhookId : ''
  if (!certificatePem || !verifyPayPalWebhookOffline({ headers, rawBody, webhookId, certificatePem })) throw rejectDelivery('The PayPal signature does not verify.', 'webhook_bad_signature')
  let parsed: unknown
  try {
    parsed = JSON.parse(rawBody.toString('utf8'))
  }
  catch {
    throw rejectDelivery('The PayPal event is not JSON.', 'webhook_bad_payload')
  }
  return await acknowledgeDelivery(deliveryFromPayPal(projectId, parsed))
})
