import { decryptSecret, encryptSecret, type KeyRing } from './key-ring'

/**
 * A connection's secrets (API keys, tokens), stored as one encrypted JSON object; `''` is a
 * connection without any. Decrypted only for server code that calls the provider.
 */
export function readStoredSecrets(ring: KeyRing, stored: string): Record<string, string> {
  return stored === '' ? {} : JSON.parse(decryptSecret(ring, stored)) as Record<string, string>
}

/**
 * The secrets a settings form saves: each of `names` given as a string replaces the stored one,
 * each left out is kept. Answers the merged set encrypted, the last 4 characters of each (what
 * the admin shows), which names changed (for the audit row, never the values) and which are
 * still missing (a 422 on that field for the caller).
 */
export function mergeSecrets(ring: KeyRing, stored: string | undefined, names: readonly string[], given: Record<string, unknown>) {
  const secrets = stored === undefined ? {} : readStoredSecrets(ring, stored)
  const changed: string[] = []
  for (const name of names) {
    const value = given[name]
    if (typeof value === 'string' && value !== secrets[name]) {
      secrets[name] = value
      changed.push(name)
    }
  }
  return {
    secrets,
    changed,
    missing: names.filter(name => !secrets[name]),
    encrypted: encryptSecret(ring, JSON.stringify(secrets)),
    hints: Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, value.slice(-4)])),
  }
}
