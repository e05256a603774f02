import { ForbiddenError } from '@flectar/errors'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Runs before every handler: security headers on every response; on the API, unsafe
 * requests from a foreign origin get 403 (CSRF). Body limits are app-base's body-limit middleware.
 */
export default defineEventHandler((event) => {
  const production = useServerConfig().NODE_ENV === 'production'
  setResponseHeaders(event, {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'content-security-policy': 'frame-ancestors \'none\'; base-uri \'self\'; object-src \'none\'; form-action \'self\'',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
    ...(production ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  })

  if (!event.path.startsWith('/api/') || SAFE_METHODS.has(event.method)) return

  const origin = getRequestHeader(event, 'origin')
  const fetchSite = getRequestHeader(event, 'sec-fetch-site')
  const allowed = new Set([getRequestURL(event).origin, new URL(useServerConfig().ADMIN_URL).origin])
  const foreignOrigin = origin !== undefined && !allowed.has(origin)
  const foreignFetch = fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none'
  if (foreignOrigin || foreignFetch) throw new ForbiddenError('Cross-site requests are not allowed.', 'cross_site_request')
})
