import type { H3Event } from 'h3'
import type { SignInResult } from '@flectar/accounts'

/** Sets the session cookie, or the 2FA challenge cookie when a code is needed next. */
export function finishSignIn(event: H3Event, result: SignInResult) {
  if (result.status === 'two_factor_required') {
    setChallengeCookie(event, result.challengeToken)
    return { status: result.status }
  }
  setSessionCookie(event, result.sessionToken)
  return { status: result.status }
}
