import { createHmac } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'

const KEY_CHARS = 32
const MIN_SECRET_CHARS = 16

/**
 * A stable, non-reversible key for rate limits and abuse counters: HMAC-SHA256(secret,
 * normalised ip) as hex, cut to 32 chars. Raw IPs are never stored (privacy promise), and the
 * secret stops anyone from simply hashing all 2^32 IPv4 addresses to undo it.
 */
export function deriveIpKey(ip: string, secret: string): string {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_CHARS) {
    throw new Error(`deriveIpKey needs a secret of at least ${MIN_SECRET_CHARS} characters`)
  }
  return createHmac('sha256', secret).update(normaliseIp(ip), 'utf8').digest('hex').slice(0, KEY_CHARS)
}

/**
 * Trims and lowercases; `::ffff:1.2.3.4` becomes `1.2.3.4`; IPv6 becomes its /64 prefix
 * (`2001:db8:0:1::/64`), because one household or device usually owns a whole /64.
 * Anything that is not an IP is returned trimmed and lowercased, so a missing or odd
 * address still maps to one shared key instead of throwing mid-request.
 */
export function normaliseIp(ip: string): string {
  let value = String(ip ?? '').trim().toLowerCase()
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1)
  const zone = value.indexOf('%')
  if (zone !== -1 && isIPv6(value)) value = value.slice(0, zone)
  if (isIPv4(value) || !isIPv6(value)) return value

  const groups = expandIpv6(value)
  if (!groups) return value
  // IPv4-mapped (::ffff:a.b.c.d, in dotted or hex form): the real client is the IPv4 address.
  if (groups.slice(0, 5).every(group => group === 0) && groups[5] === 0xFFFF) {
    const high = groups[6] ?? 0
    const low = groups[7] ?? 0
    return [high >> 8, high & 0xFF, low >> 8, low & 0xFF].join('.')
  }
  return `${groups.slice(0, 4).map(group => group.toString(16)).join(':')}::/64`
}

// Eight 16-bit groups from any valid textual IPv6 form (`::` runs, embedded IPv4 tail).
function expandIpv6(address: string): number[] | undefined {
  let text = address
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  if (isIPv4(tail)) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number)
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', rest] = text.split('::')
  const parse = (part: string) => (part === '' ? [] : part.split(':').map(group => Number.parseInt(group, 16)))
  const left = parse(head)
  const right = rest === undefined ? [] : parse(rest)
  const missing = 8 - left.length - right.length
  if (missing < 0 || (rest === undefined && missing !== 0)) return undefined
  const groups = [...left, ...Array.from({ length: missing }, () => 0), ...right]
  return groups.every(group => Number.isInteger(group) && group >= 0 && group <= 0xFFFF) ? groups : undefined
}
