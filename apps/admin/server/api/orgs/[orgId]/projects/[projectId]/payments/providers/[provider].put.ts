import { NotFoundError, parseInput } from '@flectar/errors'
import { PROVIDER_SETTINGS_SCHEMAS, paymentProviderSchema, saveProviderSettings } from '@flectar/payments'

/**
 * Connects or updates one payment provider (stripe, paypal, redsys). A secret left out keeps
 * the stored one; the answer never carries a secret.
 */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const provider = paymentProviderSchema.safeParse(getRouterParam(event, 'provider'))
  if (!provider.success) throw new NotFoundError('There is no such payment provider.', 'payment_provider_not_found')
  const input = parseInput(PROVIDER_SETTINGS_SCHEMAS[provider.data], await readBody(event))
  return await saveProviderSettings(db, useAccountsEnv().keyRing, scope, provider.data, input, actor)
})
