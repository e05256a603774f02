/**
 * The project slug a request is for, from its Host header: `<slug>.<platformDomain>`
 * (port ignored). Undefined for the bare platform domain, deeper subdomains and other hosts;
 * verified custom domains are resolved separately.
 */
export function projectSlugFromHost(host: string | undefined, platformDomain: string): string | undefined {
  if (!host) return undefined
  const hostname = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  const suffix = `.${platformDomain.toLowerCase()}`
  if (!hostname.endsWith(suffix)) return undefined
  const slug = hostname.slice(0, -suffix.length)
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(slug) ? slug : undefined
}
