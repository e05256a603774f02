import type { H3Event } from 'h3'
import type { GoogleSignInConfig } from '@flectar/accounts'

/** Holds the sealed state, PKCE verifier and nonce while the browser is at Google (10 minutes). */
export const GOOGLE_REQUEST_COOKIE = 'flectar_google'
// Where to go once signed in (a local path), kept beside the request for the callback.
export const GOOGLE_RETURN_COOKIE = 'flectar_google_return'
const GOOGLE_COOKIE_PATH = '/api/auth/google'

/** Google sign-in settings, or undefined when GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET are not set. */
export function useGoogleSignInConfig(): GoogleSignInConfig | undefined {
  const config = useServerConfig()
  if (!config.GOOGLE_CLIENT_ID || !config.GOOGLE_CLIENT_SECRET) return undefined
  return {
    clientId: config.GOOGLE_CLIENT_ID,
    clientSecret: config.GOOGLE_CLIENT_SECRET,
    redirectUri: new URL('/api/auth/google/callback', config.ADMIN_URL).href,
    issuer: config.GOOGLE_ISSUER,
    authUrl: config.GOOGLE_AUTH_URL,
    tokenUrl: config.GOOGLE_TOKEN_URL,
    jwksUrl: config.GOOGLE_JWKS_URL,
  }
}

// Lax, not Strict: the cookie must come along on Google's redirect back (a top-level GET).
export function setGoogleRequestCookie(event: H3Event, sealed: string, returnTo: string) {
  const options = { httpOnly: true, secure: useServerConfig().NODE_ENV === 'production', sameSite: 'lax', path: GOOGLE_COOKIE_PATH, maxAge: 10 * 60 } as const
  setCookie(event, GOOGLE_REQUEST_COOKIE, sealed, options)
  setCookie(event, GOOGLE_RETURN_COOKIE, returnTo, options)
}

export function clearGoogleRequestCookie(event: H3Event) {
  deleteCookie(event, GOOGLE_REQUEST_COOKIE, { path: GOOGLE_COOKIE_PATH })
  deleteCookie(event, GOOGLE_RETURN_COOKIE, { path: GOOGLE_COOKIE_PATH })
}
