import { createHash } from 'node:crypto'
import { TRACKER_SCRIPT } from '@flectar/analytics'

const etag = `"${createHash('sha1').update(TRACKER_SCRIPT).digest('base64url')}"`

// The analytics tracker, the same for every site (it posts to its own origin's /api/event).
export default defineEventHandler((event) => {
  setResponseHeaders(event, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=3600',
    'etag': etag,
    'x-content-type-options': 'nosniff',
  })
  if (getRequestHeader(event, 'if-none-match') === etag) {
    setResponseStatus(event, 304)
    return ''
  }
  return TRACKER_SCRIPT
})
