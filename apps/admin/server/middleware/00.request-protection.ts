import { ForbiddenError } from '@flectar/errors'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const DEFAULT_BODY_LIMIT = 1024 * 1024
// Routes that accept larger bodies (uploads) list their own limit here: a path prefix or a pattern.
const BODY_LIMITS: Array<[path: string | RegExp, bytes: number]> = [
  // The image itself is checked against 2 MB by its content; this only stops oversized bodies early.
  ['/api/account/avatar', 3 * 1024 * 1024],
  // Media uploads: files up to 25 MB (images 10 MB) plus the multipart envelope.
  [/^\/api\/orgs\/[^/]+\/projects\/[^/]+\/media\/?(?:\?|$)/, 26 * 1024 * 1024],
]

function bodyLimitFor(path: string): number {
  return BODY_LIMITS.find(([match]) => typeof match === 'string' ? path.startsWith(match) : match.test(path))?.[1] ?? DEFAULT_BODY_LIMIT
}

/**
 * Runs before every handler: security headers on every response; on the API, unsafe
 * requests from a foreign origin get 403 (CSRF) and bodies over the limit get 413.
 */
export default defineEventHandler(async (event) => {
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

  const limit = bodyLimitFor(event.path)
  const declared = Number(getRequestHeader(event, 'content-length') ?? Number.NaN)
  if (declared > limit) throw createError({ statusCode: 413, statusMessage: 'Request body too large', data: { code: 'body_too_large', limitBytes: limit } })
  if (Number.isNaN(declared) && getRequestHeader(event, 'transfer-encoding')) {
    // No declared length: read (and cache for the handler) the body, then measure it.
    const body = await readRawBody(event, false)
    if (body && body.length > limit) throw createError({ statusCode: 413, statusMessage: 'Request body too large', data: { code: 'body_too_large', limitBytes: limit } })
  }
})
