import type { H3Event } from 'h3'
import { NotFoundError } from '@flectar/errors'
import { loadProviderCredentials, recordWebhookDelivery, type PaymentProviderName, type WebhookDelivery } from '@flectar/payments'
import { isUuid } from '@flectar/validation'

/** The site a webhook route names and its connection to `provider`: a 404 when either is missing. */
export async function webhookCredentials(event: H3Event, provider: PaymentProviderName) {
  const projectId = getRouterParam(event, 'projectId') ?? ''
  if (!isUuid(projectId)) throw new NotFoundError('There is no such site.', 'project_not_found')
  const { db } = useDatabase()
  const credentials = await loadProviderCredentials(db, useAccountsEnv().keyRing, projectId, provider)
  if (!credentials) throw new NotFoundError('This site has not connected this payment provider.', 'payment_provider_not_found')
  return { db, projectId, credentials }
}

/** A delivery whose signature checked: stored once (or nothing, when it changes no payment), answered at once. */
export async function acknowledgeDelivery(delivery: WebhookDelivery | undefined) {
  const stored = delivery ? await recordWebhookDelivery(useDatabase().db, delivery) : undefined
  return { received: true, duplicate: stored?.duplicate ?? false }
}

/** A 400 for a delivery that does not verify: nothing is stored and no secret is named. */
export function rejectDelivery(message: string, code: string) {
  return createError({ statusCode: 400, statusMessage: message, data: { code } })
}
