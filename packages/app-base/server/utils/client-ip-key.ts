import type { H3Event } from 'h3'
import { clientAddress, deriveIpKey } from '@flectar/security'

/**
 * The request's IP-derived key (rate limits, audit, cookieless analytics): a keyed hash of the
 * client's address, never the address. The one place both apps read where a request came from.
 */
export function clientIpKey(event: H3Event): string {
  const config = useServerConfig()
  const address = clientAddress({
    socketAddress: event.node.req.socket?.remoteAddress,
    forwardedFor: event.node.req.headers['x-forwarded-for'],
    trustProxy: config.TRUST_PROXY,
  })
  return deriveIpKey(address, config.SESSION_SECRET)
}
