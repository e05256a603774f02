const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
// Contact forms and booking requests are small; uploads and analytics events set their own limits.
const BODY_LIMIT = 256 * 1024
const OWN_LIMITS = /^\/api\/(?:event|v1\/projects\/[^/]+\/uploads)\/?(?:\?|$)/

/** Bodies over the limit get 413 before any handler reads them (P8); the public API answers in its own shape. */
export default defineEventHandler(async (event) => {
  if (SAFE_METHODS.has(event.method) || OWN_LIMITS.test(event.path)) return
  const declared = Number(getRequestHeader(event, 'content-length') ?? Number.NaN)
  let tooLarge = declared > BODY_LIMIT
  if (!tooLarge && Number.isNaN(declared) && getRequestHeader(event, 'transfer-encoding')) {
    // No declared length: read (and keep for the handler) the body, then measure it.
    const body = await readRawBody(event, false)
    tooLarge = (body?.length ?? 0) > BODY_LIMIT
  }
  if (!tooLarge) return
  setResponseStatus(event, 413)
  const message = `The request body is larger than ${BODY_LIMIT / 1024} KB.`
  if (event.path.startsWith('/api/v1/')) return { error: { code: 'payload_too_large', message } }
  throw createError({ statusCode: 413, statusMessage: 'Request body too large', data: { code: 'body_too_large', limitBytes: BODY_LIMIT } })
})
