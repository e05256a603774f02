import { rateLimitKey, requestMagicLink } from '@flectar/accounts'
import { requestLinkSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

// Same answer whether or not the account exists.
export default defineEventHandler(async (event) => {
  const { email, redirect } = parseInput(requestLinkSchema, await readBody(event))
  await enforceRateLimit(event, 'magicLink', [rateLimitKey('email', email)])
  await requestMagicLink(useDatabase().db, useAccountsEnv(), email, { returnTo: redirect })
  return { status: 'check_email' }
})
