import { NotFoundError } from '@flectar/errors'
import { deliveryFromPayPal, loadProviderCredentials, recordWebhookDelivery } from '@flectar/payments'
import { fetchPayPalWebhookCertificate, verifyPayPalWebhookOffline } from '@flectar/paypal'
import { isUuid } from '@flectar/validation'

/**
 * PayPal's webhook for one site, checked offline before the body is parsed: the CRC32 of the raw
 * body, the transmission id and time and the site's webhook id, signed with the certificate at
 * paypal-cert-url, fetched only from PayPal's API hosts over HTTPS. A bad one is a 400 and
 * stores nothing; a good one is stored once by PayPal's event id and answered at once.
 */
export default defineEventHandler(async (event) => {
  const projectId = getRouterParam(event, 'projectId') ?? ''
  if (!isUuid(projectId)) throw new NotFoundError('There is no such site.', 'project_not_found')
  const { db } = useDatabase()
  const paypal = await loadProviderCredentials(db, useAccountsEnv().keyRing, projectId, 'paypal')
  if (!paypal) throw new NotFoundError('This site has not connected PayPal.', 'payment_provider_not_found')
  const rawBody = (await readRawBody(event, false)) ?? Buffer.alloc(0)
  const headers = getRequestHeaders(event)
  const certificatePem = await fetchPayPalWebhookCertificate(headers['paypal-cert-url'] ?? '', { trustedOrigins: useServerConfig().PAYPAL_CERT_TRUSTED_ORIGINS })
  const webhookId = typeof paypal.config.webhookId === 'string' ? paypal.config.webhookId : ''
  if (!certificatePem || !verifyPayPalWebhookOffline({ headers, rawBody, webhookId, certificatePem })) {
    throw createError({ statusCode: 400, statusMessage: 'The PayPal signature does not verify.', data: { code: 'webhook_bad_signature' } })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(rawBody.toString('utf8'))
  }
  catch {
    throw createError({ statusCode: 400, statusMessage: 'The PayPal event is not JSON.', data: { code: 'webhook_bad_payload' } })
  }
  const delivery = deliveryFromPayPal(projectId, parsed)
  const stored = delivery ? await recordWebhookDelivery(db, delivery) : undefined
  return { received: true, duplicate: stored?.duplicate ?? false }
})
