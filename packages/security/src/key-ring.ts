import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** The keys from `ENCRYPTION_KEY`: the first one encrypts, every one can decrypt. */
export interface KeyRing {
  /** Id of the key used for new encryptions (the first entry). */
  readonly primaryKeyId: string
  /** Every key id that can decrypt, in configured order. */
  readonly keyIds: readonly string[]
}

// Key bytes live outside the ring object so logging, inspecting or JSON-encoding a ring
// can never print them.
const keyMaterial = new WeakMap<KeyRing, ReadonlyMap<string, Buffer>>()

const VERSION = 'v1'
const ALGORITHM = 'aes-256-gcm'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const DEFAULT_KEY_ID = 'k1'
// Ids end up inside `v1.<id>.…` payloads, so they must not contain dots.
const KEY_ID = /^[\w-]{1,32}$/
const BASE64 = /^[\w+/-]+={0,2}$/
const BASE64URL = /^[\w-]*$/
const HINT = 'generate a key with `openssl rand -base64 32`'

/**
 * Parses `ENCRYPTION_KEY`: one bare base64 32-byte key (id `k1`), or `id:base64key` entries
 * separated by commas, newest first. Error messages name the entry, never its key material.
 */
export function createKeyRing(value: string): KeyRing {
  const trimmed = typeof value === 'string' ? value.trim() : ''
  if (trimmed === '') throw new Error(`ENCRYPTION_KEY is empty; ${HINT}`)

  const entries = trimmed.split(',').map(entry => entry.trim())
  const keys = new Map<string, Buffer>()
  entries.forEach((entry, index) => {
    const position = `entry ${index + 1}`
    if (entry === '') throw new Error(`ENCRYPTION_KEY ${position} is empty (check for a stray comma)`)
    const colon = entry.indexOf(':')
    if (colon === -1 && entries.length > 1) {
      throw new Error(`ENCRYPTION_KEY ${position} has no key id; with several keys every entry must be id:base64key`)
    }
    const id = colon === -1 ? DEFAULT_KEY_ID : entry.slice(0, colon).trim()
    const encoded = colon === -1 ? entry : entry.slice(colon + 1).trim()
    if (!KEY_ID.test(id)) {
      throw new Error(`ENCRYPTION_KEY ${position} has an invalid key id (use 1-32 letters, digits, _ or -)`)
    }
    if (keys.has(id)) throw new Error(`ENCRYPTION_KEY lists key id "${id}" more than once`)
    keys.set(id, decodeKey(encoded, `ENCRYPTION_KEY key "${id}"`))
  })

  const keyIds = Object.freeze([...keys.keys()])
  const ring: KeyRing = Object.freeze({ primaryKeyId: keyIds[0] ?? DEFAULT_KEY_ID, keyIds })
  keyMaterial.set(ring, keys)
  return ring
}

/** AES-256-GCM with the ring's first key and a fresh 12-byte IV: `v1.<keyId>.<iv>.<ciphertext>.<tag>`. */
export function encryptSecret(ring: KeyRing, plaintext: string): string {
  const key = keysOf(ring).get(ring.primaryKeyId)
  if (!key) throw new Error('Key ring has no primary key')
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(header(ring.primaryKeyId))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, ring.primaryKeyId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
}

/** Reverses `encryptSecret` with whichever ring key the payload names; throws if it cannot be trusted. */
export function decryptSecret(ring: KeyRing, payload: string): string {
  const parts = typeof payload === 'string' ? payload.split('.') : []
  if (parts.length !== 5) throw malformed()
  const [version = '', keyId = '', ivPart = '', ciphertextPart = '', tagPart = ''] = parts
  if (version !== VERSION) throw new Error('Encrypted secret has an unsupported format version')
  if (!KEY_ID.test(keyId)) throw malformed()

  const key = keysOf(ring).get(keyId)
  if (!key) throw new Error(`Encrypted secret uses key id "${keyId}", which is not in ENCRYPTION_KEY`)

  const iv = decodePart(ivPart, IV_BYTES)
  const ciphertext = decodePart(ciphertextPart)
  const tag = decodePart(tagPart, TAG_BYTES)
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(header(keyId))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
  }
  catch {
    // Deliberately drop the crypto error: a clear, key-free message is all a caller needs.
    throw new Error(`Encrypted secret failed authentication with key "${keyId}" (tampered, or the key changed)`)
  }
}

// Version and key id are bound as associated data, so relabelling a payload is detected too.
function header(keyId: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}`, 'utf8')
}

function keysOf(ring: KeyRing): ReadonlyMap<string, Buffer> {
  const keys = keyMaterial.get(ring)
  if (!keys) throw new Error('Not a key ring; create one with createKeyRing(ENCRYPTION_KEY)')
  return keys
}

function decodeKey(encoded: string, label: string): Buffer {
  if (!BASE64.test(encoded)) throw new Error(`${label} is not valid base64; ${HINT}`)
  const key = Buffer.from(encoded, 'base64')
  if (key.length !== KEY_BYTES) {
    throw new Error(`${label} decodes to ${key.length} bytes but AES-256 needs exactly ${KEY_BYTES}; ${HINT}`)
  }
  return key
}

// Rejects anything but canonical base64url, so no two payload strings decode to the same bytes.
function decodePart(part: string, expectedBytes?: number): Buffer {
  if (!BASE64URL.test(part)) throw malformed()
  const bytes = Buffer.from(part, 'base64url')
  if (bytes.toString('base64url') !== part) throw malformed()
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) throw malformed()
  return bytes
}

function malformed(): Error {
  return new Error('Encrypted secret is malformed (expected v1.<keyId>.<iv>.<ciphertext>.<tag>)')
}
