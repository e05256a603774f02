import type { H3Event } from 'h3'
import { send, setResponseHeaders, setResponseStatus } from 'h3'
import { toErrorResponse } from '../utils/error-response'
import { requestIdOf } from '../utils/request-id'

/**
 * Nitro's error handler for the JSON API of both apps (`/api/…`): every error in the one
 * shape, with the request id. Other paths (pages) fall through to Nuxt's HTML error page.
 * Registered first in the chain by app-base's nuxt.config; 5xx are logged by the
 * log-errors plugin, once.
 */
export default async function apiErrorHandler(error: unknown, event: H3Event) {
  if (event.handled || !event.path.startsWith('/api/')) return
  const response = toErrorResponse(error, requestIdOf(event))
  setResponseHeaders(event, response.headers)
  setResponseStatus(event, response.status)
  await send(event, JSON.stringify(response.body))
}
