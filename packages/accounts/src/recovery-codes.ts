import { createHash, randomInt } from 'node:crypto'

// Lowercase letters and digits without the look-alikes 0/o, 1/l/i: 23 letters + 8 digits = 31.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const GROUP_LENGTH = 5
// ALPHABET as character ranges, in groups of GROUP_LENGTH.
const CODE_PATTERN = /^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/
// Guard against a count so large that generation could not finish producing distinct codes.
const MAX_COUNT = 1000

/** Bits of entropy per code: 10 characters from a 31-letter alphabet, about 49.5 bits. */
export const RECOVERY_CODE_BITS = 2 * GROUP_LENGTH * Math.log2(ALPHABET.length)

/** Whether `code` has the generated shape `xxxxx-xxxxx` (run it on a normalised code). */
export function isRecoveryCodeFormat(code: string): boolean {
  return CODE_PATTERN.test(code)
}

/**
 * `count` distinct single-use recovery codes like `k7pqm-x3hwa`, shown to the user once.
 * Each character comes from `crypto.randomInt` (uniform, no modulo bias).
 */
export function generateRecoveryCodes(count = 10): string[] {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_COUNT}, got ${count}`)
  }
  const codes = new Set<string>()
  while (codes.size < count) codes.add(`${randomGroup()}-${randomGroup()}`)
  return [...codes]
}

/**
 * Canonical form of a typed recovery code: lowercased, all whitespace removed, and the dash
 * added when the user left it out (`'ABCDE FGHJK'` -> `'abcde-fghjk'`). Nothing else is
 * mapped (no o->0 or l->1): such input simply matches no stored hash.
 */
export function normalizeRecoveryCode(input: string): string {
  const compact = input.toLowerCase().replace(/\s+/g, '')
  if (compact.length === 2 * GROUP_LENGTH && !compact.includes('-')) {
    return `${compact.slice(0, GROUP_LENGTH)}-${compact.slice(GROUP_LENGTH)}`
  }
  return compact
}

/**
 * SHA-256 (hex) of the normalised code, for storage and lookup. A fast unsalted hash is
 * appropriate here, unlike for passwords: each code carries ~49.5 random bits chosen by us,
 * so there is no dictionary to try and brute-forcing a leaked hash means searching ~2^49
 * candidates per code for a code that is single-use and revocable. A slow KDF would only
 * make login lookups expensive; it would not change that picture materially.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest('hex')
}

function randomGroup(): string {
  let group = ''
  for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)]
  return group
}
