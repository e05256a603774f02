import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTwilioClient } from './client'
import type { TwilioConfig } from './config'
import { TwilioSendError } from './errors'
import { type FakeTwilio, startFakeTwilio } from './fake-server'
import { CUSTOMER_NUMBER, OUR_NUMBER, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './fixtures/accounts'
import { sendSms } from './send-sms'
import { startWebhookReceiver } from './testing/webhook-receiver'

let fake: FakeTwilio
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let config: TwilioConfig
const message = { from: OUR_NUMBER, to: CUSTOMER_NUMBER, body: 'Your appointment is tomorrow at 10:00' }

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN })
  receiver = await startWebhookReceiver()
  config = { accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, apiUrl: fake.apiUrl }
})
afterAll(async () => {
  await fake.close()
  await receiver.close()
})
afterEach(async () => {
  // Leave the customer subscribed for the next test.
  if (fake.isOptedOut(CUSTOMER_NUMBER, OUR_NUMBER)) await fake.sendInbound({ url: `${receiver.baseUrl}/sms`, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'START' })
})

async function sendError(promise: Promise<unknown>): Promise<TwilioSendError> {
  const error = await promise.then(() => null, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(TwilioSendError)
  const sendFailure = error as TwilioSendError
  // Never the recipient, the body or the token, even when Twilio's own message quotes them.
  for (const secret of [CUSTOMER_NUMBER, '34600111222', message.body, TEST_AUTH_TOKEN, 'wrong-token']) expect(sendFailure.message).not.toContain(secret)
  expect(sendFailure).not.toHaveProperty('cause')
  return sendFailure
}

describe('sendSms against the fake', () => {
  it('sends through the real SDK and returns the queued message', async () => {
    const result = await sendSms(config, { ...message, statusCallback: `${receiver.baseUrl}/status` })
    expect(result.status).toBe('queued')
    expect(result.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(fake.sent.at(-1)).toEqual({ sid: result.sid, ...message, statusCallback: `${receiver.baseUrl}/status` })
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`, status: 201, authenticated: true })
    const fetched = await createTwilioClient(config).messages(result.sid).fetch()
    expect(fetched).toMatchObject({ sid: result.sid, status: 'queued', to: CUSTOMER_NUMBER, direction: 'outbound-api', numSegments: '1' })
  })

  it('sends no StatusCallback when none is given', async () => {
    await sendSms(config, message)
    expect(fake.sent.at(-1)?.statusCallback).toBeNull()
    expect(fake.requests.at(-1)?.params).not.toHaveProperty('StatusCallback')
  })

  it('refuses bad credentials with 401/20003, not permanent: fixing the token lets a retry through', async () => {
    const error = await sendError(sendSms({ ...config, authToken: 'wrong-token' }, message))
    expect(error).toMatchObject({ status: 401, code: 20003, permanent: false, moreInfo: 'https://www.twilio.com/docs/errors/20003' })
    expect(fake.requests.at(-1)).toMatchObject({ status: 401, authenticated: false })
  })

  it('refuses a recipient who texted STOP with 21610, permanent; START lets sends through again', async () => {
    await fake.sendInbound({ url: `${receiver.baseUrl}/sms`, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: ' Stop ' })
    const error = await sendError(sendSms(config, message))
    expect(error).toMatchObject({ status: 400, code: 21610, permanent: true })
    expect(error.message).toContain('opted out')
    await fake.sendInbound({ url: `${receiver.baseUrl}/sms`, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'start' })
    await expect(sendSms(config, message)).resolves.toMatchObject({ status: 'queued' })
  })

  it('keeps an opt-out to the number it was sent to', async () => {
    await fake.sendInbound({ url: `${receiver.baseUrl}/sms`, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'UNSUBSCRIBE' })
    await expect(sendSms(config, { ...message, from: '+15005550007' })).resolves.toMatchObject({ status: 'queued' })
  })

  it('marks an invalid number (21211) permanent without repeating Twilio\'s text, which quotes it', async () => {
    fake.failNextSend({ status: 400, code: 21211, message: `Invalid 'To' Phone Number: ${CUSTOMER_NUMBER}` })
    const error = await sendError(sendSms(config, message))
    expect(error).toMatchObject({ status: 400, code: 21211, permanent: true })
  })

  it('marks Twilio 5xx and 429 as not permanent', async () => {
    fake.failNextSend({ status: 500, code: 20500 })
    expect(await sendError(sendSms(config, message))).toMatchObject({ status: 500, code: 20500, permanent: false })
    fake.failNextSend({ status: 429, code: 20429 })
    expect(await sendError(sendSms(config, message))).toMatchObject({ status: 429, code: 20429, permanent: false })
  })

  it('turns a network failure into status 0, not permanent', async () => {
    const closed = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN })
    await closed.close()
    const error = await sendError(sendSms({ ...config, apiUrl: closed.apiUrl }, message))
    expect(error).toMatchObject({ status: 0, code: null, permanent: false })
    expect(error.message).toContain('ECONNREFUSED')
  })

  it('reports an unreadable success answer as not permanent', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ sid: 'nope', status: 'queued' }))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      expect(await sendError(sendSms({ ...config, apiUrl }, message))).toMatchObject({ code: null, permanent: false })
    }
    finally {
      server.closeAllConnections()
      server.close()
    }
  })
})

describe('sendSms input checks, before any request', () => {
  it('rejects bad messages with errors that name the field only', async () => {
    const before = fake.requests.length
    const cases = [
      { ...message, to: '600111222' },
      { ...message, from: '' },
      { ...message, from: 'Way too long sender' },
      { ...message, body: '  ' },
      { ...message, body: 'x'.repeat(1601) },
      { ...message, statusCallback: 'ftp://example.com' },
    ]
    for (const bad of cases) {
      const error = await sendSms(config, bad).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(Error)
      expect(error).not.toBeInstanceOf(TwilioSendError)
      expect((error as Error).message).not.toContain('600111222')
    }
    expect(fake.requests.length).toBe(before)
  })

  it('accepts short codes and alphanumeric senders', async () => {
    await expect(sendSms(config, { ...message, from: '12345' })).resolves.toMatchObject({ status: 'queued' })
    await expect(sendSms(config, { ...message, from: 'Flectar' })).resolves.toMatchObject({ status: 'queued' })
  })

  it('rejects a bad config without echoing it', async () => {
    for (const bad of [
      { ...config, accountSid: TEST_AUTH_TOKEN },
      { ...config, authToken: '' },
      { ...config, apiUrl: 'not a url' },
      { ...config, apiUrl: 'http://user:pass@127.0.0.1' },
    ]) {
      const error = await sendSms(bad, message).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).not.toContain(TEST_AUTH_TOKEN)
    }
  })
})

describe('createTwilioClient', () => {
  it('shares one SDK client between equal configs, so keep-alive sockets are reused', () => {
    expect(createTwilioClient({ ...config })).toBe(createTwilioClient({ ...config }))
    expect(createTwilioClient({ ...config, authToken: 'other-token' })).not.toBe(createTwilioClient(config))
  })
})
