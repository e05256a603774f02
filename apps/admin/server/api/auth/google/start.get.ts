import { z } from 'zod'
import { createGoogleAuthRequest, sealGoogleAuthRequest } from '@flectar/accounts'
import { NotFoundError, parseInput } from '@flectar/errors'
import { localPath } from '@flectar/validation'

// HTTP only: the local page to come back to once signed in (anything else becomes `/`).
const querySchema = z.object({ redirect: z.unknown().transform(localPath) })

// Starts Google sign-in: the sealed state, PKCE verifier and nonce go in a cookie (with the
// local page to return to, `?redirect=`), the browser to Google.
export default defineEventHandler(async (event) => {
  const config = useGoogleSignInConfig()
  if (!config) throw new NotFoundError()
  const { redirect } = parseInput(querySchema, getQuery(event))
  const request = await createGoogleAuthRequest(config)
  setGoogleRequestCookie(event, sealGoogleAuthRequest(useAccountsEnv(), request), redirect)
  return sendRedirect(event, request.url, 302)
})
