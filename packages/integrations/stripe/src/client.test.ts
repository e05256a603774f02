import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStripeCheckout, findStripeCheckout } from './checkout'
import { createStripeClient } from './client'
import { redactStripeSecrets, StripeRequestError } from './errors'
import { type FakeStripe, startFakeStripe } from './fake-server'
import { TEST_WEBHOOK_SECRET } from './fixtures/keys'
import { refundStripePayment } from './refund'
import { bookingCheckoutRequest } from './testing/booking-checkout'

/** Well-formed for our client, but not a key format the fake (or Stripe) accepts. */
const MALFORMED_KEY = 'sk_test_has-a-dash-SecretPart123456'
const LIVE_LOOKING_KEY = 'sk_live_RealLookingSecretKey1234567890'

let fake: FakeStripe
let echo: { url: string, server: Server }

/** A hostile stand-in for Stripe that puts the Authorization header in every error message. */
async function startKeyEchoingServer(): Promise<{ url: string, server: Server }> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', code: 'echo', message: `You sent ${req.headers.authorization ?? ''}` } }))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

beforeAll(async () => {
  fake = await startFakeStripe({ webhookSecret: TEST_WEBHOOK_SECRET })
  echo = await startKeyEchoingServer()
})

afterAll(async () => {
  await fake.stop()
  await new Promise<void>((resolve) => {
    echo.server.close(() => resolve())
    echo.server.closeAllConnections()
  })
})

async function thrown(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => undefined, (failure: unknown) => failure)
  expect(error).toBeInstanceOf(Error)
  return error as Error
}

function thrownSync(run: () => unknown): Error {
  try {
    run()
  }
  catch (error) {
    return error as Error
  }
  throw new Error('expected a throw')
}

/** Everything a logger might print about an error. */
function printed(error: Error): string {
  return `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}\n${String(error.cause ?? '')}`
}

describe('createStripeClient', () => {
  it('refuses keys that are not secret or restricted keys, without echoing them', () => {
    for (const key of ['pk_test_PublishableKey123456', 'whsec_abcdef123456', '', 'sk_test_with space', ' sk_test_leading']) {
      const error = thrownSync(() => createStripeClient({ secretKey: key }))
      expect(error).toBeInstanceOf(TypeError)
      if (key.length > 0) expect(printed(error)).not.toContain(key.trim())
    }
  })

  it('refuses a baseUrl that is not an http(s) origin, without echoing the key or the URL', () => {
    for (const baseUrl of ['not a url', 'ftp://127.0.0.1', 'http://127.0.0.1/v1', 'http://user:pw@127.0.0.1']) {
      const error = thrownSync(() => createStripeClient({ secretKey: LIVE_LOOKING_KEY, baseUrl }))
      expect(error).toBeInstanceOf(TypeError)
      expect(printed(error)).not.toContain(LIVE_LOOKING_KEY)
      expect(error.message).not.toContain('pw')
    }
  })
})

describe('secret keys never reach error messages', () => {
  it('a 401 from the fake for a malformed key', async () => {
    const client = createStripeClient({ secretKey: MALFORMED_KEY, baseUrl: fake.url })
    const error = await thrown(createStripeCheckout(client, bookingCheckoutRequest()))
    expect(error).toBeInstanceOf(StripeRequestError)
    expect(error).toMatchObject({ statusCode: 401, type: 'invalid_request_error', code: 'api_key_invalid' })
    expect(printed(error)).not.toContain(MALFORMED_KEY)
    expect(printed(error)).not.toContain('SecretPart123456')
  })

  it('a 401 from the fake for a live key', async () => {
    const client = createStripeClient({ secretKey: LIVE_LOOKING_KEY, baseUrl: fake.url })
    const error = await thrown(findStripeCheckout(client, 'cs_test_1'))
    expect(error).toMatchObject({ statusCode: 401 })
    expect(printed(error)).not.toContain(LIVE_LOOKING_KEY)
  })

  it('a server that echoes the key back in its error message, for every call', async () => {
    const client = createStripeClient({ secretKey: LIVE_LOOKING_KEY, baseUrl: echo.url, maxNetworkRetries: 0 })
    const calls = [
      createStripeCheckout(client, bookingCheckoutRequest()),
      findStripeCheckout(client, 'cs_test_1'),
      refundStripePayment(client, { paymentIntentId: 'pi_1', idempotencyKey: 'refund-echo' }),
    ]
    for (const call of calls) {
      const error = await thrown(call)
      expect(error).toBeInstanceOf(StripeRequestError)
      expect(error.message).toContain('You sent Bearer [redacted Stripe secret]')
      expect(printed(error)).not.toContain(LIVE_LOOKING_KEY)
      expect(error.cause).toBeUndefined()
    }
  })

  it('a connection error', async () => {
    const client = createStripeClient({ secretKey: LIVE_LOOKING_KEY, baseUrl: 'http://127.0.0.1:1', maxNetworkRetries: 0 })
    const error = await thrown(findStripeCheckout(client, 'cs_test_1'))
    expect(error).toBeInstanceOf(StripeRequestError)
    expect(printed(error)).not.toContain(LIVE_LOOKING_KEY)
  })
})

describe('redactStripeSecrets', () => {
  it('hides secret, restricted and webhook keys and leaves ids alone', () => {
    const text = 'keys sk_test_abc123 rk_live_XyZ-9 whsec_Ab+/9= and ids cs_test_1 pi_123 pk_test_public'
    expect(redactStripeSecrets(text)).toBe('keys [redacted Stripe secret] [redacted Stripe secret] [redacted Stripe secret] and ids cs_test_1 pi_123 pk_test_public')
  })
})
