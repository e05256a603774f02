import { NotFoundError } from '@flectar/errors'
import { deliveryFromRedsys, loadProviderCredentials, recordWebhookDelivery } from '@flectar/payments'
import { verifyRedsysNotification } from '@flectar/redsys'
import { isUuid } from '@flectar/validation'

/**
 * Redsys' online notification (DS_MERCHANT_MERCHANTURL) for one site: the form's three fields,
 * the signature checked with the site's secret key before the parameters are trusted, and the
 * merchant code checked against the site's; a bad one is a 400 and stores nothing. Amount and
 * currency are checked against the payment when it is applied (another amount never confirms).
 */
export default defineEventHandler(async (event) => {
  const projectId = getRouterParam(event, 'projectId') ?? ''
  if (!isUuid(projectId)) throw new NotFoundError('There is no such site.', 'project_not_found')
  const { db } = useDatabase()
  const redsys = await loadProviderCredentials(db, useAccountsEnv().keyRing, projectId, 'redsys')
  if (!redsys) throw new NotFoundError('This site has not connected Redsys.', 'payment_provider_not_found')
  const form = await readBody<unknown>(event).catch(() => undefined)
  const verified = verifyRedsysNotification(redsys.secrets.secretKey ?? '', typeof form === 'object' ? form as Record<string, unknown> : undefined)
  if (!verified.valid) throw createError({ statusCode: 400, statusMessage: 'The Redsys signature does not verify.', data: { code: 'webhook_bad_signature' } })
  if (verified.params.Ds_MerchantCode !== redsys.config.merchantCode) throw createError({ statusCode: 400, statusMessage: 'The notification is for another merchant.', data: { code: 'webhook_wrong_merchant' } })
  const delivery = deliveryFromRedsys(projectId, verified.params)
  const stored = delivery ? await recordWebhookDelivery(db, delivery) : undefined
  return { received: true, duplicate: stored?.duplicate ?? false }
})
