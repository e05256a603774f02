import { RATE_LIMITS, type AccountsEnv, type RateLimitName } from '@flectar/accounts'
import { createKeyRing } from '@flectar/security'
import type { H3Event } from 'h3'

let env: AccountsEnv | undefined

export function useAccountsEnv(): AccountsEnv {
  const config = useServerConfig()
  env ??= { adminUrl: config.ADMIN_URL, keyRing: createKeyRing(config.ENCRYPTION_KEY) }
  return env
}

/**
 * Counts an attempt against the IP-derived key and any extra keys (an email, an account);
 * over the limit it answers 429 with Retry-After.
 */
export async function enforceRateLimit(event: H3Event, name: RateLimitName, extraKeys: string[] = []) {
  await limitRequest(event, { name, ...RATE_LIMITS[name] }, [`ip:${getRequestContext(event).ipKey}`, ...extraKeys])
}
