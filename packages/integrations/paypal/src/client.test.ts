import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capturePayPalOrder } from './capture-order'
import { createPayPalClient, PAYPAL_API_BASE_URLS, payPalApiBaseUrl } from './client'
import { createPayPalOrder } from './create-order'
import { type FakePayPal, startFakePayPal } from './fake-server'
import { getPayPalOrder } from './get-order'
import { PayPalApiError } from './paypal-api-error'
import { refundPayPalCapture } from './refund-capture'

const CLIENT_ID = 'AclientIdForSecretTests'
const CLIENT_SECRET = 'EsecretThatMustNeverLeak-9d3c1b'
/** What the secret looks like inside a Basic header, the way an SDK error would carry it. */
const SECRET_FORMS = [CLIENT_SECRET, Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'), Buffer.from(`${CLIENT_ID}:wrong-${CLIENT_SECRET}`).toString('base64')]

let fake: FakePayPal
beforeAll(async () => {
  fake = await startFakePayPal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookId: 'WH1' })
})
afterAll(async () => {
  await fake.stop()
})

async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  }
  catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

/** Everything anyone could log about an error: message, stack, own fields, nested causes. */
function everythingAbout(error: unknown): string {
  return [String(error), (error as Error).stack ?? '', inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join('\n')
}

describe('createPayPalClient', () => {
  it('knows where its calls go', () => {
    expect(payPalApiBaseUrl(createPayPalClient({ clientId: 'a', clientSecret: 'b', environment: 'live' }))).toBe(PAYPAL_API_BASE_URLS.live)
    expect(payPalApiBaseUrl(createPayPalClient({ clientId: 'a', clientSecret: 'b', environment: 'sandbox', baseUrl: `${fake.url}/ignored/path` }))).toBe(fake.url)
  })

  it('refuses missing credentials or a bad base URL without echoing the secret', () => {
    expect(() => createPayPalClient({ clientId: 'a', clientSecret: '', environment: 'sandbox' })).toThrow(TypeError)
    expect(() => createPayPalClient({ clientId: '', clientSecret: CLIENT_SECRET, environment: 'sandbox' })).toThrow(TypeError)
    let message = ''
    try {
      createPayPalClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment: 'sandbox', baseUrl: 'not a url' })
    }
    catch (error) {
      message = everythingAbout(error)
    }
    expect(message).toContain('baseUrl')
    for (const form of SECRET_FORMS) expect(message).not.toContain(form)
  })
})

describe('errors never carry the client secret', () => {
  it('for bad credentials (401 invalid_client from the token call)', async () => {
    const wrong = createPayPalClient({ clientId: CLIENT_ID, clientSecret: `wrong-${CLIENT_SECRET}`, environment: 'sandbox', baseUrl: fake.url })
    const error = await rejection(() => getPayPalOrder(wrong, 'ANY'))
    expect(error).toBeInstanceOf(PayPalApiError)
    expect(error).toMatchObject({ status: 401, paypalName: 'invalid_client' })
    const text = everythingAbout(error)
    for (const form of SECRET_FORMS) expect(text).not.toContain(form)
  })

  it('for an unreachable PayPal', async () => {
    const offline = createPayPalClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment: 'sandbox', baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 })
    const error = await rejection(() => createPayPalOrder(offline, { paymentId: 'p', bookingId: 'b', amountMinor: 100, currency: 'EUR', description: 'd', returnUrl: 'http://x.test/r', cancelUrl: 'http://x.test/c', requestId: 'r' }))
    expect(error).toBeInstanceOf(PayPalApiError)
    expect((error as PayPalApiError).status).toBeUndefined()
    expect((error as Error).message).toMatch(/could not reach PayPal/)
    const text = everythingAbout(error)
    for (const form of SECRET_FORMS) expect(text).not.toContain(form)
  })

  it('for API errors after a good token', async () => {
    const good = createPayPalClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment: 'sandbox', baseUrl: fake.url })
    for (const run of [() => capturePayPalOrder(good, 'NOPE', 'r'), () => refundPayPalCapture(good, { captureId: 'NOPE', currency: 'EUR', requestId: 'r' })]) {
      const error = await rejection(run)
      expect(error).toMatchObject({ status: 404 })
      const text = everythingAbout(error)
      for (const form of SECRET_FORMS) expect(text).not.toContain(form)
    }
  })
})
