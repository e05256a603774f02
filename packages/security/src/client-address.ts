/**
 * The address a request came from, for rate limits and abuse keys (never stored as such).
 *
 * - Behind a trusted proxy (`TRUST_PROXY`), the proxy's word: the last `X-Forwarded-For`
 *   entry, the one the proxy itself appended (earlier entries are whatever the client sent).
 * - Otherwise the socket's peer address: clients cannot choose it. A socket with no address
 *   (a Unix socket: the dev server's own proxy, or a local proxy in front of a socket) can
 *   only be reached from this machine, so the proxy in front of it is asked instead.
 * - Nothing at all: 'unknown' (one shared key rather than an error mid-request).
 */
export function clientAddress(request: { socketAddress?: string, forwardedFor?: string | string[], trustProxy: boolean }): string {
  const forwarded = [request.forwardedFor ?? []].flat().join(',').split(',').map(entry => entry.trim()).filter(Boolean).at(-1)
  const address = request.trustProxy ? forwarded ?? request.socketAddress : request.socketAddress || forwarded
  return address || 'unknown'
}
