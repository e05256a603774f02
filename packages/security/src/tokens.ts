import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

// 16 bytes = 128 bits: the floor below which a guessable token is a real risk.
const MIN_TOKEN_BYTES = 16

/**
 * A crypto-random token, base64url without padding (URL- and cookie-safe).
 * Throws for fewer than 16 bytes rather than quietly handing out a weak token.
 */
export function generateToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES) {
    throw new RangeError(`generateToken needs a whole number of at least ${MIN_TOKEN_BYTES} bytes (128 bits)`)
  }
  return randomBytes(bytes).toString('base64url')
}

/**
 * SHA-256 hex of a token. Session, reset, magic-link and invite tokens and API keys are
 * high-entropy, so a fast unsalted hash is enough: only this hash is ever stored.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * Constant-time string comparison; false (never a throw) when the lengths differ.
 * Both sides are hashed first so the comparison itself does not leak the length either.
 */
export function safeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false
  const left = createHash('sha256').update(a, 'utf8').digest()
  const right = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(left, right)
}
