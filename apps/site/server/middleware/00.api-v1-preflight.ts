// CORS preflight for the public API: any origin may call it (it never reads cookies).
export default defineEventHandler((event) => {
  if (event.method !== 'OPTIONS' || !event.path.startsWith('/api/v1/')) return
  setResponseHeaders(event, API_V1_CORS)
  setResponseStatus(event, 204)
  return ''
})
