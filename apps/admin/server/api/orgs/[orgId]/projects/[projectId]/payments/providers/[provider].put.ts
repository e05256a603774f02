import { NotFoundError, parseInput } from '@flectar/errors'
import { onSiteSettingsSchema, paymentProviderSchema, paypalSettingsSchema, redsysSettingsSchema, saveProviderSettings, stripeSettingsSchema } from '@flectar/payments'

/**
 * Connects or updates one payment provider (stripe, paypal, redsys), or switches paying at the venue (on_site). A secret left out keeps
 * the stored one; the answer never carries a secret.
 */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const provider = paymentProviderSchema.safeParse(getRouterParam(event, 'provider'))
  if (!provider.success) throw new NotFoundError('There is no such payment provider.', 'payment_provider_not_found')
  const body = await readBody(event)
  const keyRing = useAccountsEnv().keyRing
  switch (provider.data) {
    case 'stripe': return await saveProviderSettings(db, keyRing, scope, 'stripe', parseInput(stripeSettingsSchema, body), actor)
    case 'paypal': return await saveProviderSettings(db, keyRing, scope, 'paypal', parseInput(paypalSettingsSchema, body), actor)
    case 'redsys': return await saveProviderSettings(db, keyRing, scope, 'redsys', parseInput(redsysSettingsSchema, body), actor)
    case 'on_site': return await saveProviderSettings(db, keyRing, scope, 'on_site', parseInput(onSiteSettingsSchema, body), actor)
  }
})
