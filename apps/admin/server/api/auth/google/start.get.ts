import { createGoogleAuthRequest, sealGoogleAuthRequest } from '@flectar/accounts'
import { NotFoundError } from '@flectar/errors'
import { localPath } from '@flectar/validation'

// Starts Google sign-in: the sealed state, PKCE verifier and nonce go in a cookie (with the
// local page to return to, `?redirect=`), the browser to Google.
export default defineEventHandler(async (event) => {
  const config = useGoogleSignInConfig()
  if (!config) throw new NotFoundError()
  const request = await createGoogleAuthRequest(config)
  setGoogleRequestCookie(event, sealGoogleAuthRequest(useAccountsEnv(), request), localPath(getQuery(event).redirect))
  return sendRedirect(event, request.url, 302)
})
