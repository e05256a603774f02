import type { H3Event } from 'h3'
import { resolveHost, type ResolvedHost } from '@flectar/sites'

// Host lookups are cached briefly; publishing or domain changes purge them (LISTEN plugin).
const HOST_TTL_MS = 30 * 1000
const hosts = new Map<string, { value: ResolvedHost | undefined, at: number }>()

export function requestHost(event: H3Event): string {
  return (getRequestHost(event, { xForwardedHost: useServerConfig().TRUST_PROXY }) || '').toLowerCase()
}

/** The project this request's Host belongs to, or undefined. */
export async function resolveRequestSite(event: H3Event): Promise<ResolvedHost | undefined> {
  if ('site' in event.context) return event.context.site as ResolvedHost | undefined
  const host = requestHost(event)
  const cached = hosts.get(host)
  let site = cached && Date.now() - cached.at < HOST_TTL_MS ? cached.value : undefined
  if (!cached || Date.now() - cached.at >= HOST_TTL_MS) {
    site = await resolveHost(useDatabase().db, host, useServerConfig().PLATFORM_DOMAIN)
    hosts.set(host, { value: site, at: Date.now() })
  }
  event.context.site = site
  return site
}

export function purgeHostCache(): void {
  hosts.clear()
}
