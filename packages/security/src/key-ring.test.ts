import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createKeyRing, decryptSecret, encryptSecret } from './key-ring'

const keyA = randomBytes(32).toString('base64')
const keyB = randomBytes(32).toString('base64')

function expectNoKeyMaterial(run: () => unknown, ...keys: string[]): string {
  try {
    run()
  }
  catch (error) {
    const message = (error as Error).message
    for (const key of keys) expect(message).not.toContain(key)
    return message
  }
  throw new Error('expected a throw')
}

describe('createKeyRing', () => {
  it('gives a single bare key the id k1', () => {
    const ring = createKeyRing(keyA)
    expect(ring.primaryKeyId).toBe('k1')
    expect(ring.keyIds).toEqual(['k1'])
  })

  it('parses id:key lists with the first entry as primary, tolerating spaces', () => {
    const ring = createKeyRing(` new:${keyB} , old:${keyA} `)
    expect(ring.primaryKeyId).toBe('new')
    expect(ring.keyIds).toEqual(['new', 'old'])
  })

  it('accepts base64url keys', () => {
    const url = randomBytes(32).toString('base64url')
    expect(createKeyRing(url).primaryKeyId).toBe('k1')
  })

  it('never exposes key material when logged, inspected or serialised', () => {
    const ring = createKeyRing(`new:${keyB},old:${keyA}`)
    for (const shown of [JSON.stringify(ring), inspect(ring, { depth: 10, showHidden: true }), String(Object.values(ring))]) {
      expect(shown).not.toContain(keyA)
      expect(shown).not.toContain(keyB)
    }
  })

  it('explains bad configuration without echoing any key', () => {
    const short = randomBytes(16).toString('base64')
    expect(expectNoKeyMaterial(() => createKeyRing(''))).toMatch(/ENCRYPTION_KEY is empty/)
    expect(expectNoKeyMaterial(() => createKeyRing('   '))).toMatch(/ENCRYPTION_KEY is empty/)
    expect(expectNoKeyMaterial(() => createKeyRing(short), short)).toMatch(/key "k1" decodes to 16 bytes.*exactly 32/)
    expect(expectNoKeyMaterial(() => createKeyRing('not base64 at all!'))).toMatch(/key "k1" is not valid base64/)
    expect(expectNoKeyMaterial(() => createKeyRing(`a:${keyA},`), keyA)).toMatch(/entry 2 is empty/)
    expect(expectNoKeyMaterial(() => createKeyRing(`a:${keyA},${keyB}`), keyA, keyB)).toMatch(/entry 2 has no key id/)
    expect(expectNoKeyMaterial(() => createKeyRing(`bad.id:${keyA}`), keyA)).toMatch(/entry 1 has an invalid key id/)
    expect(expectNoKeyMaterial(() => createKeyRing(`a:${keyA},a:${keyB}`), keyA, keyB)).toMatch(/key id "a" more than once/)
    expect(expectNoKeyMaterial(() => createKeyRing(`old:${short}`), short)).toMatch(/key "old" decodes to 16 bytes/)
  })
})

describe('encryptSecret / decryptSecret', () => {
  const ring = createKeyRing(keyA)

  it('round-trips, including empty and unicode plaintext', () => {
    for (const plaintext of ['sk_live_abcdefghijklmnop1234', '', 'päßwörd 🔐 with.dots.in.it']) {
      expect(decryptSecret(ring, encryptSecret(ring, plaintext))).toBe(plaintext)
    }
  })

  it('produces a self-describing payload with a 12-byte IV and no plaintext', () => {
    const payload = encryptSecret(ring, 'totp-secret-JBSWY3DPEHPK3PXP')
    const [version, keyId, iv, ciphertext, tag] = payload.split('.')
    expect(version).toBe('v1')
    expect(keyId).toBe('k1')
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12)
    expect(ciphertext).toMatch(/^[\w-]+$/)
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16)
    expect(payload).not.toContain('JBSWY3DPEHPK3PXP')
  })

  it('encrypts the same plaintext differently every time', () => {
    const first = encryptSecret(ring, 'same')
    const second = encryptSecret(ring, 'same')
    expect(first).not.toBe(second)
    expect(first.split('.')[2]).not.toBe(second.split('.')[2])
  })

  it('rejects tampering with any single character of the payload', () => {
    const payload = encryptSecret(ring, 'integration credential')
    for (let index = 0; index < payload.length; index++) {
      const original = payload[index]
      const tampered = payload.slice(0, index) + (original === 'A' ? 'B' : 'A') + payload.slice(index + 1)
      expect(() => decryptSecret(ring, tampered), `position ${index}`).toThrow()
    }
  })

  it('reports authentication failure, unknown key and malformed payloads clearly, without the key', () => {
    const payload = encryptSecret(ring, 'secret')
    const parts = payload.split('.')
    const otherIv = randomBytes(12).toString('base64url')
    const swapped = [parts[0], parts[1], otherIv, parts[3], parts[4]].join('.')
    expect(expectNoKeyMaterial(() => decryptSecret(ring, swapped), keyA)).toMatch(/failed authentication with key "k1"/)
    expect(expectNoKeyMaterial(() => decryptSecret(ring, payload.replace('v1.k1.', 'v1.gone.')), keyA)).toMatch(/key id "gone", which is not in ENCRYPTION_KEY/)
    expect(expectNoKeyMaterial(() => decryptSecret(ring, 'plain-text-secret'), keyA)).toMatch(/malformed/)
    expect(expectNoKeyMaterial(() => decryptSecret(ring, `${payload}.extra`), keyA)).toMatch(/malformed/)
    expect(expectNoKeyMaterial(() => decryptSecret(ring, payload.replace(/^v1/, 'v2')), keyA)).toMatch(/unsupported format version/)
    expect(() => decryptSecret(ring, payload.slice(0, -4))).toThrow(/malformed/)
  })

  it('fails authentication under a different key with the same id', () => {
    const payload = encryptSecret(ring, 'secret')
    expect(() => decryptSecret(createKeyRing(keyB), payload)).toThrow(/failed authentication/)
  })

  it('supports rotation: the new ring decrypts old data and encrypts with the new key', () => {
    const ringA = createKeyRing(`old:${keyA}`)
    const oldPayload = encryptSecret(ringA, 'stripe credential')
    expect(oldPayload.startsWith('v1.old.')).toBe(true)

    const ringB = createKeyRing(`new:${keyB},old:${keyA}`)
    expect(decryptSecret(ringB, oldPayload)).toBe('stripe credential')

    const newPayload = encryptSecret(ringB, 'stripe credential')
    expect(newPayload.startsWith('v1.new.')).toBe(true)
    expect(decryptSecret(ringB, newPayload)).toBe('stripe credential')
    expect(() => decryptSecret(ringA, newPayload)).toThrow(/key id "new", which is not in ENCRYPTION_KEY/)
  })

  it('refuses an object that was not made by createKeyRing', () => {
    const fake = { primaryKeyId: 'k1', keyIds: ['k1'] }
    expect(() => encryptSecret(fake, 'x')).toThrow(/Not a key ring/)
  })
})
