import { createRateLimiters, type AccountsEnv, type RateLimitName, type RateLimiters } from '@flectar/accounts'
import { consumeRateLimit } from '@flectar/accounts'
import { RateLimitedError } from '@flectar/errors'
import { createKeyRing } from '@flectar/security'
import type { H3Event } from 'h3'

let env: AccountsEnv | undefined
let limiters: RateLimiters | undefined

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
  limiters ??= createRateLimiters(useDatabase().db)
  try {
    await consumeRateLimit(limiters[name], [`ip:${getRequestContext(event).ipKey}`, ...extraKeys])
  }
  catch (error) {
    if (error instanceof RateLimitedError) setResponseHeader(event, 'retry-after', error.retryAfterSeconds)
    throw error
  }
}
