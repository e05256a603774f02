// CORS preflight for the public API: any origin may call it (it never reads cookies).
export default defineEventHandler((event) => {
  if (event.method !== 'OPTIONS' || !event.path.startsWith('/api/v1/')) return
  setResponseHeaders(event, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': 600,
  })
  setResponseStatus(event, 204)
  return ''
})
