export interface ParsedAddress {
  /** The display name, unquoted; null when there is none. */
  name: string | null
  email: string
}

/**
 * Splits a From/To value such as `Ana <ana@x.com>`, `"López, Ana" <ana@x.com>` or `ana@x.com`.
 * The email is returned as written (trimmed); null when no address can be found.
 */
export function parseAddress(value: string): ParsedAddress | null {
  if (typeof value !== 'string') return null
  const input = value.trim()
  const angle = /^([^<]*)<\s*([^<>\s@]+@[^<>\s@]+)\s*>$/.exec(input)
  if (angle) {
    const rawName = angle[1]!.trim()
    const unquoted = rawName.startsWith('"') && rawName.endsWith('"') && rawName.length >= 2
      ? rawName.slice(1, -1).replace(/\\(.)/g, '$1')
      : rawName
    const name = unquoted.trim()
    return { name: name === '' ? null : name, email: angle[2]! }
  }
  return /^[^\s@<>",]+@[^\s@<>",]+$/.test(input) ? { name: null, email: input } : null
}
