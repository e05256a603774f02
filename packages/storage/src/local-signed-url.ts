import { createHmac, timingSafeEqual } from 'node:crypto'
import { assertValidKey } from './keys'

/**
 * Signed, expiring URLs for objects on local disk, served by the app's own route:
 * `<path>?expires=<unix seconds>&signature=<HMAC-SHA256 of key and expiry, base64url>`.
 * Whoever has the URL can read that one object until it expires; nobody can make one for
 * another object, or stretch the expiry, without the secret.
 */
export interface LocalSignedUrlInput {
  /** The storage key the URL grants. */
  key: string
  /** The app route that serves the key, e.g. `/media/private/<projectId>/<assetId>/original.pdf`. */
  path: string
  /** Unix time (seconds) after which the URL stops working. */
  expires: number
}

function sign(secret: string, key: string, expires: number): string {
  return createHmac('sha256', `storage-url:${secret}`).update(`${key}\n${expires}`).digest('base64url')
}

export function createLocalSignedUrl(secret: string, { key, path, expires }: LocalSignedUrlInput): string {
  assertValidKey(key)
  if (!Number.isSafeInteger(expires) || expires < 0) throw new RangeError('expires must be a unix time in seconds')
  return `${path}?expires=${expires}&signature=${sign(secret, key, expires)}`
}

/** True when `signature` was made with `secret` for this key and expiry, and it has not passed. */
export function verifyLocalSignedUrl(secret: string, input: { key: string, expires: unknown, signature: unknown }, now = Date.now()): boolean {
  const { key, expires, signature } = input
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof signature !== 'string') return false
  if (Number(expires) * 1000 <= now) return false
  const expected = Buffer.from(sign(secret, key, Number(expires)))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
