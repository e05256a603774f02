import type { H3Event } from 'h3'
import type { RequestContext } from '@flectar/accounts'
import { countryFrom } from '@flectar/analytics'

/** Who is calling, for sessions, audit entries and rate limits: an IP-derived key, never the IP. */
export function getRequestContext(event: H3Event): RequestContext {
  const cached = event.context.requestContext as RequestContext | undefined
  if (cached) return cached
  const context: RequestContext = {
    ipKey: clientIpKey(event),
    userAgent: getRequestHeader(event, 'user-agent') ?? '',
    // The same hosting-header reading as analytics (COUNTRY_HEADER or the usual ones).
    location: countryFrom(event.node.req.headers, process.env.COUNTRY_HEADER) ?? '',
  }
  event.context.requestContext = context
  return context
}
