import { generateKeyPairSync, X509Certificate } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { VECTOR, VECTOR_CERTIFICATE_PEM, VECTOR_RAW_BODY } from './fixtures/webhook-vector'
import { createSelfSignedCertificate } from './self-signed-certificate'
import { payPalSignedMessage, signPayPalWebhook, verifyPayPalWebhookOffline } from './webhook-signature'

const vectorInput = {
  headers: { ...VECTOR.headers } as Record<string, string>,
  rawBody: VECTOR_RAW_BODY,
  webhookId: VECTOR.webhookId,
  certificatePem: VECTOR_CERTIFICATE_PEM,
}

describe('the published PayPal vector', () => {
  it('has the body and CRC32 it was published with', () => {
    expect(VECTOR_RAW_BODY).toHaveLength(3241)
    expect(crc32(VECTOR_RAW_BODY)).toBe(VECTOR.crc32)
    expect(new X509Certificate(VECTOR_CERTIFICATE_PEM).subject).toContain('CN=messageverificationcerts.sandbox.paypal.com')
  })

  it('builds the signed message exactly', () => {
    const { headers } = VECTOR
    expect(payPalSignedMessage(headers['paypal-transmission-id'], headers['paypal-transmission-time'], VECTOR.webhookId, VECTOR_RAW_BODY))
      .toBe(VECTOR.signedMessage)
    expect(payPalSignedMessage('a', 'b', 'c', VECTOR_RAW_BODY.toString('utf8'))).toBe(`a|b|c|${VECTOR.crc32}`)
  })

  it('verifies offline, from a Buffer, a string or a Headers object', () => {
    expect(verifyPayPalWebhookOffline(vectorInput)).toBe(true)
    expect(verifyPayPalWebhookOffline({ ...vectorInput, rawBody: VECTOR_RAW_BODY.toString('utf8') })).toBe(true)
    expect(verifyPayPalWebhookOffline({ ...vectorInput, headers: new Headers(VECTOR.headers) })).toBe(true)
    const upperCase = Object.fromEntries(Object.entries(VECTOR.headers).map(([name, value]) => [name.toUpperCase(), value]))
    expect(verifyPayPalWebhookOffline({ ...vectorInput, headers: upperCase })).toBe(true)
  })

  it('fails for a tampered body', () => {
    const tampered = Buffer.from(VECTOR_RAW_BODY)
    tampered[tampered.indexOf('30.11')] = '4'.charCodeAt(0)
    expect(verifyPayPalWebhookOffline({ ...vectorInput, rawBody: tampered })).toBe(false)
    expect(verifyPayPalWebhookOffline({ ...vectorInput, rawBody: Buffer.concat([VECTOR_RAW_BODY, Buffer.from('\n')]) })).toBe(false)
  })

  it('fails for another webhook id, transmission or algorithm', () => {
    expect(verifyPayPalWebhookOffline({ ...vectorInput, webhookId: '0FV983392A0531202' })).toBe(false)
    expect(verifyPayPalWebhookOffline({ ...vectorInput, webhookId: '' })).toBe(false)
    expect(verifyPayPalWebhookOffline({ ...vectorInput, headers: { ...VECTOR.headers, 'paypal-transmission-time': '2019-08-29T10:49:34Z' } })).toBe(false)
    expect(verifyPayPalWebhookOffline({ ...vectorInput, headers: { ...VECTOR.headers, 'paypal-auth-algo': 'SHA1withRSA' } })).toBe(false)
  })

  it('never throws on garbage', () => {
    const { 'paypal-transmission-sig': _signature, ...withoutSignature } = VECTOR.headers
    const attempts = [
      { ...vectorInput, headers: withoutSignature },
      { ...vectorInput, headers: { ...VECTOR.headers, 'paypal-transmission-sig': 'not base64!' } },
      { ...vectorInput, headers: { ...VECTOR.headers, 'paypal-transmission-sig': 'AAAA' } },
      { ...vectorInput, headers: { ...VECTOR.headers, 'paypal-transmission-id': ['a', 'b'] } },
      { ...vectorInput, certificatePem: 'not a certificate' },
      { ...vectorInput, certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' },
      { ...vectorInput, headers: {} },
    ]
    for (const input of attempts) expect(verifyPayPalWebhookOffline(input)).toBe(false)
  })
})

describe('signPayPalWebhook', () => {
  it('signs what verifyPayPalWebhookOffline accepts, with a certificate or a bare public key', () => {
    const { certificatePem, privateKey } = createSelfSignedCertificate('signer.test')
    const rawBody = '{"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED"}'
    const headers = {
      'paypal-transmission-id': 'tx-1',
      'paypal-transmission-time': '2026-12-07T10:00:00Z',
      'paypal-transmission-sig': signPayPalWebhook(privateKey, 'tx-1', '2026-12-07T10:00:00Z', 'WH123', rawBody),
      'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/x',
      'paypal-auth-algo': 'SHA256withRSA',
    }
    expect(verifyPayPalWebhookOffline({ headers, rawBody, webhookId: 'WH123', certificatePem })).toBe(true)
    const publicKeyPem = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(verifyPayPalWebhookOffline({ headers, rawBody, webhookId: 'WH123', certificatePem: publicKeyPem })).toBe(true)
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(verifyPayPalWebhookOffline({ headers, rawBody, webhookId: 'WH123', certificatePem: otherKey })).toBe(false)
  })
})

describe('createSelfSignedCertificate', () => {
  it('makes a certificate Node parses, self-signed, valid now', () => {
    const { certificatePem } = createSelfSignedCertificate('fake-paypal.local', 2)
    const certificate = new X509Certificate(certificatePem)
    expect(certificate.subject).toBe('CN=fake-paypal.local')
    expect(certificate.verify(certificate.publicKey)).toBe(true)
    expect(new Date(certificate.validFrom).getTime()).toBeLessThanOrEqual(Date.now())
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now() + 86_400_000)
  })
})
