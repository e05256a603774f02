import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakePayPal, startFakePayPal } from './fake-server'
import { fetchPayPalWebhookCertificate, isTrustedPayPalCertUrl } from './webhook-certificate'

describe('isTrustedPayPalCertUrl', () => {
  it('trusts PayPal hosts over HTTPS on the default port only', () => {
    expect(isTrustedPayPalCertUrl('https://api.paypal.com/v1/notifications/certs/CERT-1')).toBe(true)
    expect(isTrustedPayPalCertUrl('https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1')).toBe(true)
    expect(isTrustedPayPalCertUrl('https://api-m.paypal.com/v1/notifications/certs/CERT-1')).toBe(true)
    for (const url of [
      'http://api.paypal.com/v1/notifications/certs/CERT-1',
      'https://api.paypal.com:8443/cert',
      'https://api.paypal.com.evil.example/cert',
      'https://evil.example/api.paypal.com/cert',
      'https://user:pw@api.paypal.com/cert',
      'https://paypal.com/cert',
      'not a url',
    ]) expect(isTrustedPayPalCertUrl(url)).toBe(false)
  })

  it('trusts an extra origin only exactly as configured', () => {
    expect(isTrustedPayPalCertUrl('http://127.0.0.1:4000/v1/certs/fake', { trustedOrigins: ['http://127.0.0.1:4000'] })).toBe(true)
    expect(isTrustedPayPalCertUrl('http://127.0.0.1:4001/v1/certs/fake', { trustedOrigins: ['http://127.0.0.1:4000'] })).toBe(false)
    expect(isTrustedPayPalCertUrl('http://127.0.0.1:4000/v1/certs/fake')).toBe(false)
  })
})

describe('fetchPayPalWebhookCertificate', () => {
  let fake: FakePayPal
  beforeAll(async () => {
    fake = await startFakePayPal({ clientId: 'id', clientSecret: 'secret', webhookId: 'WH1' })
  })
  afterAll(async () => {
    await fake.stop()
  })

  it('fetches the fake\'s certificate when its origin is trusted, and not otherwise', async () => {
    const certUrl = `${fake.url}/v1/certs/fake`
    expect(await fetchPayPalWebhookCertificate(certUrl)).toBeUndefined()
    expect(await fetchPayPalWebhookCertificate(certUrl, { trustedOrigins: [fake.url] })).toBe(fake.certificatePem)
  })

  it('gives undefined for something that is not a certificate', async () => {
    expect(await fetchPayPalWebhookCertificate(`${fake.url}/v2/checkout/orders/NOPE`, { trustedOrigins: [fake.url] })).toBeUndefined()
  })
})
