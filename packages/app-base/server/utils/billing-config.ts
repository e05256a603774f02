import { parsePlans, type BillingConfig } from '@flectar/billing/plans'
import { ConfigError } from '@flectar/config'

let billing: BillingConfig | undefined

/** Platform billing as configured (off by default: no plan, no limit). A bad PLATFORM_PLANS stops the app at its first use. */
export function useBillingConfig(): BillingConfig {
  if (billing) return billing
  const config = useServerConfig()
  let plans
  try {
    plans = parsePlans(config.PLATFORM_PLANS)
  }
  catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${(error as Error).message}`)
  }
  billing = {
    enabled: config.PLATFORM_BILLING,
    plans,
    ...(config.PLATFORM_BILLING
      ? { stripe: { secretKey: config.PLATFORM_STRIPE_SECRET_KEY!, webhookSecret: config.PLATFORM_STRIPE_WEBHOOK_SECRET!, apiUrl: config.STRIPE_API_URL } }
      : {}),
  }
  return billing
}
