import { InvalidStorageKeyError } from './errors'

export const MAX_KEY_LENGTH = 512
const SEGMENT = /^[\w.-]+$/
/** Suffix of the local driver's sidecar files; a key can never name one. */
export const META_SUFFIX = '.meta.json'

/**
 * Keys are relative, `/`-separated paths of `[A-Za-z0-9._-]` segments (e.g.
 * `avatars/<userId>/<random>.png`): the same key works as a file path under a root
 * directory and as an S3 object key. No `..`, no `.`, no empty segment, no leading `/`.
 */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidStorageKeyError(String(key), 'it is empty')
  if (key.length > MAX_KEY_LENGTH) throw new InvalidStorageKeyError(key, `it is longer than ${MAX_KEY_LENGTH} characters`)
  if (key.startsWith('/')) throw new InvalidStorageKeyError(key, 'it must be relative')
  for (const segment of key.split('/')) {
    if (segment === '') throw new InvalidStorageKeyError(key, 'it has an empty segment')
    if (segment === '.' || segment === '..') throw new InvalidStorageKeyError(key, 'it must not contain "." or ".." segments')
    if (!SEGMENT.test(segment)) throw new InvalidStorageKeyError(key, 'only letters, digits, ".", "_", "-" and "/" are allowed')
  }
  if (key.endsWith(META_SUFFIX)) throw new InvalidStorageKeyError(key, `it must not end with ${META_SUFFIX}`)
}

export function isValidKey(key: string): boolean {
  try {
    assertValidKey(key)
    return true
  }
  catch {
    return false
  }
}
