import { deliveryFromRedsys } from '@flectar/payments'
import { verifyRedsysNotification } from '@flectar/redsys'

/**
 * Redsys' online notification (DS_MERCHANT_MERCHANTURL) for one site: the form's three fields,
 * the signature checked with the site's secret key before the parameters are trusted, and the
 * merchant code checked against the site's; a bad one is a 400 and stores nothing. Amount and
 * currency are checked against the payment when it is applied (another amount never confirms).
 */
export default defineEventHandler(async (event) => {
  const { projectId, credentials } = await webhookCredentials(event, 'redsys')
  const form = await readBody<unknown>(event).catch(() => undefined)
  const verified = verifyRedsysNotification(credentials.secrets.secretKey ?? '', typeof form === 'object' ? form as Record<string, unknown> : undefined)
  if (!verified.valid) throw rejectDelivery('The Redsys signature does not verify.', 'webhook_bad_signature')
  if (verified.params.Ds_MerchantCode !== credentials.config.merchantCode) throw rejectDelivery('The notification is for another merchant.', 'webhook_wrong_merchant')
  return await acknowledgeDelivery(deliveryFromRedsys(projectId, verified.params))
})
