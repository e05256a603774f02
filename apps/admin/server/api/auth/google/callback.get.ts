import { completeGoogleSignIn, openGoogleAuthRequest } from '@flectar/accounts'
import { AppError, NotFoundError } from '@flectar/errors'
import { localPath } from '@flectar/validation'

const MAX_PARAM_LENGTH = 4096

function param(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_PARAM_LENGTH ? value : undefined
}

// Google sends the browser back here. Every outcome is a redirect: the page sign-in started
// from (or home), the 2FA step, or the sign-in page with an error code it turns into a sentence.
export default defineEventHandler(async (event) => {
  const config = useGoogleSignInConfig()
  if (!config) throw new NotFoundError()
  const query = getQuery(event)
  const sealed = getCookie(event, GOOGLE_REQUEST_COOKIE)
  const returnTo = localPath(getCookie(event, GOOGLE_RETURN_COOKIE))
  clearGoogleRequestCookie(event)
  try {
    await enforceRateLimit(event, 'signIn')
    const pending = openGoogleAuthRequest(useAccountsEnv(), sealed, param(query.state))
    const code = param(query.code)
    if (!code) return sendRedirect(event, `/sign-in?error=${query.error === 'access_denied' ? 'google_cancelled' : 'google_failed'}`, 302)
    const result = await completeGoogleSignIn(useDatabase().db, useAccountsEnv(), getRequestContext(event), config, { code, ...pending })
    const { status } = finishSignIn(event, result)
    return sendRedirect(event, status === 'two_factor_required' ? `/sign-in?step=two-factor&redirect=${encodeURIComponent(returnTo)}` : returnTo, 302)
  }
  catch (error) {
    const known = error instanceof AppError
    // The query holds the code and state: log the route, never the URL.
    if (!known || error.statusCode >= 500) useLogger().error('Google sign-in failed', { error, path: '/api/auth/google/callback' })
    return sendRedirect(event, `/sign-in?error=${encodeURIComponent(known ? error.code : 'google_failed')}`, 302)
  }
})
