import { completeTwoFactorChallenge } from '@flectar/accounts'
import { twoFactorSchema } from '@flectar/accounts/schemas'
import { GoneError, parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const input = parseInput(twoFactorSchema, await readBody(event))
  const challengeToken = getCookie(event, CHALLENGE_COOKIE)
  if (!challengeToken) throw new GoneError('Your sign-in took too long. Start again.', 'challenge_expired')
  await enforceRateLimit(event, 'twoFactor', [`challenge:${challengeToken.slice(0, 16)}`])
  const { sessionToken } = await completeTwoFactorChallenge(useDatabase().db, useAccountsEnv(), getRequestContext(event), { challengeToken, ...input })
  deleteCookie(event, CHALLENGE_COOKIE, { path: '/api/auth' })
  setSessionCookie(event, sessionToken)
  return { status: 'signed_in' }
})
