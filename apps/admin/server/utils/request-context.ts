import type { H3Event } from 'h3'
import type { RequestContext } from '@flectar/accounts'
import { deriveIpKey } from '@flectar/security'

// Hosting platforms put the visitor's country in one of these; the first present wins.
const COUNTRY_HEADERS = ['cf-ipcountry', 'x-vercel-ip-country', 'cloudfront-viewer-country', 'x-country-code']

/** Who is calling, for sessions, audit entries and rate limits: an IP-derived key, never the IP. */
export function getRequestContext(event: H3Event): RequestContext {
  const cached = event.context.requestContext as RequestContext | undefined
  if (cached) return cached
  const config = useServerConfig()
  const ip = getRequestIP(event, { xForwardedFor: config.TRUST_PROXY }) ?? 'unknown'
  const country = COUNTRY_HEADERS.map(name => getRequestHeader(event, name)).find(Boolean) ?? ''
  const context: RequestContext = {
    ipKey: deriveIpKey(ip, config.SESSION_SECRET),
    userAgent: getRequestHeader(event, 'user-agent') ?? '',
    location: /^[A-Z]{2}$/i.test(country) && country.toUpperCase() !== 'XX' ? country.toUpperCase() : '',
  }
  event.context.requestContext = context
  return context
}
