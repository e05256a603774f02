import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeTwilio, startFakeTwilio } from './fake-server'
import { CUSTOMER_NUMBER, OUR_NUMBER, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './fixtures/accounts'
import { parseTwilioForm } from './form-fields'
import { parseTwilioInbound } from './inbound'
import { sendSms } from './send-sms'
import { verifyTwilioSignature } from './signature'
import { parseTwilioStatus } from './status'
import { FAKE_TWILIO_INBOUND_PATH, FAKE_TWILIO_SENT_PATH, fakeTwilioInbound, fakeTwilioSent, fakeTwilioStatus, startWebhookReceiver } from './testing'

let fake: FakeTwilio
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
const config = () => ({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, apiUrl: fake.apiUrl })

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN })
  receiver = await startWebhookReceiver()
})
afterAll(async () => {
  await fake.close()
  await receiver.close()
})

/** The last webhook, checked as our route checks it. */
function lastVerifiedParams() {
  const hit = receiver.received.at(-1)
  if (hit === undefined) throw new Error('no webhook arrived')
  const params = parseTwilioForm(hit.rawBody)
  expect(verifyTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: hit.url, params, signature: hit.headers['x-twilio-signature'] as string })).toBe(true)
  return params
}

describe('the fake Twilio over HTTP', () => {
  it('texts our webhook through /_fake/inbound, signed, and applies STOP as Twilio does', async () => {
    const answer = await fakeTwilioInbound(fake.apiUrl, { url: `${receiver.baseUrl}/sms?site=7`, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'STOP' })
    expect(answer).toMatchObject({ status: 200, text: expect.stringContaining('<Response>') })
    expect(parseTwilioInbound(lastVerifiedParams())).toMatchObject({ from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'STOP', keyword: 'stop' })
    expect(fake.isOptedOut(CUSTOMER_NUMBER, OUR_NUMBER)).toBe(true)
    await fakeTwilioInbound(fake.apiUrl, { url: `${receiver.baseUrl}/sms`, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'START' })
    expect(fake.isOptedOut(CUSTOMER_NUMBER, OUR_NUMBER)).toBe(false)
  })

  it('lists an SMS sent through sendSms at /_fake/sent and posts its status callback through /_fake/status', async () => {
    const { sid } = await sendSms(config(), { from: OUR_NUMBER, to: CUSTOMER_NUMBER, body: 'See you at 10:00', statusCallback: `${receiver.baseUrl}/status` })
    expect((await fakeTwilioSent(fake.apiUrl)).at(-1)).toEqual({ sid, from: OUR_NUMBER, to: CUSTOMER_NUMBER, body: 'See you at 10:00', statusCallback: `${receiver.baseUrl}/status` })

    expect(await fakeTwilioStatus(fake.apiUrl, { sid, status: 'undelivered', errorCode: 30005 })).toMatchObject({ status: 200 })
    expect(parseTwilioStatus(lastVerifiedParams())).toEqual({ messageSid: sid, status: 'undelivered', errorCode: 30005 })
  })

  it('needs no credentials and keeps its own calls out of the API request log', async () => {
    const before = fake.requests.length
    expect((await fetch(`${fake.apiUrl}${FAKE_TWILIO_SENT_PATH}`)).status).toBe(200)
    expect(fake.requests).toHaveLength(before)
  })

  it('answers bad input with 400 and field messages, unknown sids with 404, and the helpers throw with status and body', async () => {
    const post = (body: string) => fetch(`${fake.apiUrl}${FAKE_TWILIO_INBOUND_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const bad = await post(JSON.stringify({ url: 'ftp://x', from: '', to: OUR_NUMBER, body: 1, extra: true }))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: 'invalid_body', fields: { url: expect.any(String), from: expect.any(String), body: expect.any(String), extra: 'Unknown field' } })
    expect((await post('not json')).status).toBe(400)
    expect((await post('[]')).status).toBe(400)

    const before = receiver.received.length
    await expect(fakeTwilioStatus(fake.apiUrl, { sid: `SM${'0'.repeat(32)}`, status: 'delivered' })).rejects.toThrow(/answered 404: .*sid/)
    const { sid } = await sendSms(config(), { from: OUR_NUMBER, to: CUSTOMER_NUMBER, body: 'No callback' })
    await expect(fakeTwilioStatus(fake.apiUrl, { sid, status: 'delivered' })).rejects.toThrow(/answered 409/)
    await expect(fakeTwilioStatus(fake.apiUrl, { sid, status: 'failed', errorCode: -1 })).rejects.toThrow(/answered 400: .*errorCode/)
    expect(receiver.received).toHaveLength(before)

    await expect(fakeTwilioInbound(fake.apiUrl, { url: 'http://127.0.0.1:9/sms', from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'Hi' })).rejects.toThrow(/answered 502/)
    expect((await fetch(`${fake.apiUrl}${FAKE_TWILIO_INBOUND_PATH}`)).status).toBe(405)
    expect((await fetch(`${fake.apiUrl}/_fake/nothing`)).status).toBe(404)
  })
})
