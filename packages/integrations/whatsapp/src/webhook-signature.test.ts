import { describe, expect, it } from 'vitest'
import { META_SIGNATURE_VECTOR as VECTOR } from './fixtures/vectors'
import { signWhatsAppWebhook, verifyWhatsAppSignature } from './webhook-signature'

const SECRET = 'unit-test-app-secret'
const BODY = '{"object":"whatsapp_business_account","entry":[]}'

describe('signWhatsAppWebhook', () => {
  it('reproduces the verified vector', () => {
    expect(signWhatsAppWebhook(VECTOR.appSecret, VECTOR.rawBody)).toBe(VECTOR.header)
  })
})

describe('verifyWhatsAppSignature', () => {
  it('accepts the verified vector from a string or a Buffer', () => {
    expect(verifyWhatsAppSignature({ appSecret: VECTOR.appSecret, rawBody: VECTOR.rawBody, header: VECTOR.header })).toBe(true)
    expect(verifyWhatsAppSignature({ appSecret: VECTOR.appSecret, rawBody: Buffer.from(VECTOR.rawBody), header: VECTOR.header })).toBe(true)
  })

  it('accepts upper-case hex', () => {
    expect(verifyWhatsAppSignature({ appSecret: VECTOR.appSecret, rawBody: VECTOR.rawBody, header: `sha256=${VECTOR.header.slice(7).toUpperCase()}` })).toBe(true)
  })

  it('rejects the vector under another secret', () => {
    expect(verifyWhatsAppSignature({ appSecret: 'Secret', rawBody: VECTOR.rawBody, header: VECTOR.header })).toBe(false)
  })

  it('rejects a tampered body, even by one byte of whitespace or a re-serialisation', () => {
    const header = signWhatsAppWebhook(SECRET, BODY)
    expect(verifyWhatsAppSignature({ appSecret: SECRET, rawBody: BODY, header })).toBe(true)
    expect(verifyWhatsAppSignature({ appSecret: SECRET, rawBody: BODY.replace('[]', '[{}]'), header })).toBe(false)
    expect(verifyWhatsAppSignature({ appSecret: SECRET, rawBody: `${BODY}\n`, header })).toBe(false)
    expect(verifyWhatsAppSignature({ appSecret: SECRET, rawBody: JSON.stringify(JSON.parse(BODY), null, 2), header })).toBe(false)
  })

  it('hashes the bytes, so a non-ASCII body signed as UTF-8 passes as a Buffer and as a string', () => {
    const body = '{"text":"mañana a las 10:00 ✓"}'
    const header = signWhatsAppWebhook(SECRET, Buffer.from(body, 'utf8'))
    expect(verifyWhatsAppSignature({ appSecret: SECRET, rawBody: Buffer.from(body, 'utf8'), header })).toBe(true)
    expect(verifyWhatsAppSignature({ appSecret: SECRET, rawBody: body, header })).toBe(true)
    expect(verifyWhatsAppSignature({ appSecret: SECRET, rawBody: Buffer.from(body, 'latin1'), header })).toBe(false)
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no algorithm prefix', VECTOR.header.slice(7)],
    ['the SHA-1 header', `sha1=${'a'.repeat(40)}`],
    ['an empty digest', 'sha256='],
    ['a short digest', VECTOR.header.slice(0, -2)],
    ['a long digest', `${VECTOR.header}00`],
    ['non-hex digits', `sha256=${'z'.repeat(64)}`],
    ['two signatures', `${VECTOR.header},${VECTOR.header}`],
    ['an upper-case prefix', `SHA256=${VECTOR.header.slice(7)}`],
  ])('is false for a malformed header: %s', (_label, header) => {
    expect(verifyWhatsAppSignature({ appSecret: VECTOR.appSecret, rawBody: VECTOR.rawBody, header })).toBe(false)
  })

  it('is false, not a throw, for an empty secret or a body of the wrong type', () => {
    expect(verifyWhatsAppSignature({ appSecret: '', rawBody: VECTOR.rawBody, header: signWhatsAppWebhook('', VECTOR.rawBody) })).toBe(false)
    expect(verifyWhatsAppSignature({ appSecret: VECTOR.appSecret, rawBody: { body: 'test' } as unknown as string, header: VECTOR.header })).toBe(false)
    expect(verifyWhatsAppSignature({ appSecret: VECTOR.appSecret, rawBody: VECTOR.rawBody, header: [VECTOR.header] as unknown as string })).toBe(false)
  })
})
