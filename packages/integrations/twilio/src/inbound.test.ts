import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TwilioPayloadError } from './errors'
import { type FakeTwilio, startFakeTwilio } from './fake-server'
import { CUSTOMER_NUMBER, OUR_NUMBER, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './fixtures/accounts'
import { parseTwilioForm } from './form-fields'
import { parseTwilioInbound, TWIML_EMPTY } from './inbound'
import { TWILIO_STOP_KEYWORDS } from './keywords'
import { verifyTwilioSignature } from './signature'
import { startWebhookReceiver } from './testing/webhook-receiver'

const SID = `SM${'a1'.repeat(16)}`
const inbound = { MessageSid: SID, AccountSid: TEST_ACCOUNT_SID, From: CUSTOMER_NUMBER, To: OUR_NUMBER, Body: 'Hi', NumMedia: '0', NumSegments: '1' }

function payloadError(run: () => unknown): TwilioPayloadError {
  let caught: unknown
  try {
    run()
  }
  catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(TwilioPayloadError)
  return caught as TwilioPayloadError
}

describe('parseTwilioInbound', () => {
  it('reads a plain SMS', () => {
    expect(parseTwilioInbound(inbound)).toEqual({ messageSid: SID, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'Hi', media: [], keyword: null })
  })

  it('recognises Twilio\'s default keywords as the whole body, trimmed, in any case', () => {
    for (const word of TWILIO_STOP_KEYWORDS) {
      expect(parseTwilioInbound({ ...inbound, Body: word }).keyword).toBe('stop')
      expect(parseTwilioInbound({ ...inbound, Body: ` ${word.toLowerCase()}\n` }).keyword).toBe('stop')
    }
    expect(parseTwilioInbound({ ...inbound, Body: 'Start' }).keyword).toBe('start')
    expect(parseTwilioInbound({ ...inbound, Body: 'UNSTOP' }).keyword).toBe('start')
    expect(parseTwilioInbound({ ...inbound, Body: 'help' }).keyword).toBe('help')
    expect(parseTwilioInbound({ ...inbound, Body: 'INFO ' }).keyword).toBe('help')
  })

  it('does not read a keyword inside a longer text', () => {
    for (const body of ['stop it', 'Please STOP', 'STOP!', 'S TOP', 'stopp', '']) {
      expect(parseTwilioInbound({ ...inbound, Body: body }).keyword).toBeNull()
    }
  })

  it('reads MMS media and allows an empty body', () => {
    const { Body: _body, ...withoutBody } = inbound
    const mms = {
      ...withoutBody, MessageSid: `MM${'b2'.repeat(16)}`, NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME0', MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1', MediaContentType1: 'application/pdf',
    }
    expect(parseTwilioInbound(mms)).toMatchObject({
      body: '',
      keyword: null,
      media: [{ url: mms.MediaUrl0, contentType: 'image/jpeg' }, { url: mms.MediaUrl1, contentType: 'application/pdf' }],
    })
  })

  it('throws TwilioPayloadError naming the missing or malformed fields, never the values', () => {
    expect(payloadError(() => parseTwilioInbound({})).fields).toEqual(['MessageSid', 'From', 'To'])
    const { From: _from, ...withoutFrom } = inbound
    expect(payloadError(() => parseTwilioInbound(withoutFrom)).fields).toEqual(['From'])
    expect(payloadError(() => parseTwilioInbound({ ...inbound, MessageSid: 'SM123' })).fields).toEqual(['MessageSid'])
    expect(payloadError(() => parseTwilioInbound({ ...inbound, To: '' })).fields).toEqual(['To'])
    expect(payloadError(() => parseTwilioInbound({ ...inbound, From: [CUSTOMER_NUMBER, '+1555'] })).fields).toEqual(['From'])
    expect(payloadError(() => parseTwilioInbound({ ...inbound, NumMedia: 'many' })).fields).toEqual(['NumMedia'])
    const missingMedia = payloadError(() => parseTwilioInbound({ ...inbound, NumMedia: '1' }))
    expect(missingMedia.fields).toEqual(['MediaUrl0', 'MediaContentType0'])
    expect(missingMedia.message).not.toContain(CUSTOMER_NUMBER)
    expect(payloadError(() => parseTwilioInbound(null as never)).fields).toEqual(['(payload)'])
    expect(payloadError(() => parseTwilioInbound('MessageSid=x' as never)).fields).toEqual(['(payload)'])
  })
})

describe('inbound SMS from the fake', () => {
  let fake: FakeTwilio
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
  beforeAll(async () => {
    fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN })
    receiver = await startWebhookReceiver()
  })
  afterAll(async () => {
    await fake.close()
    await receiver.close()
  })

  it('arrives as a signed form POST that verifies and parses', async () => {
    const url = `${receiver.baseUrl}/webhooks/twilio/sms?project=demo`
    const answer = await fake.sendInbound({ url, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'Can I move my booking to 11:00? ñ €' })
    expect(answer).toEqual({ status: 200, text: TWIML_EMPTY, contentType: 'text/xml' })
    const received = receiver.received.at(-1)!
    expect(received.url).toBe(url)
    expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
    const params = parseTwilioForm(received.rawBody)
    expect(params).toMatchObject({ AccountSid: TEST_ACCOUNT_SID, From: CUSTOMER_NUMBER, To: OUR_NUMBER, NumMedia: '0', NumSegments: '1' })
    const signature = received.headers['x-twilio-signature'] as string
    expect(verifyTwilioSignature({ authToken: TEST_AUTH_TOKEN, url, params, signature })).toBe(true)
    expect(verifyTwilioSignature({ authToken: 'other-token', url, params, signature })).toBe(false)
    expect(verifyTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: `${receiver.baseUrl}/webhooks/twilio/sms`, params, signature })).toBe(false)
    expect(verifyTwilioSignature({ authToken: TEST_AUTH_TOKEN, url, params: { ...params, Body: 'Cancel' }, signature })).toBe(false)
    const sms = parseTwilioInbound(params)
    expect(sms).toMatchObject({ from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'Can I move my booking to 11:00? ñ €', keyword: null })
    expect(sms.messageSid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(fake.deliveries.at(-1)).toMatchObject({ kind: 'inbound', url, signature, response: { status: 200 } })
  })

  it('records STOP from that sender to that number, and START clears it', async () => {
    const url = `${receiver.baseUrl}/sms`
    await fake.sendInbound({ url, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'quit' })
    expect(fake.isOptedOut(CUSTOMER_NUMBER, OUR_NUMBER)).toBe(true)
    expect(fake.isOptedOut(CUSTOMER_NUMBER, '+15005550007')).toBe(false)
    expect(parseTwilioInbound(parseTwilioForm(receiver.received.at(-1)!.rawBody)).keyword).toBe('stop')
    await fake.sendInbound({ url, from: CUSTOMER_NUMBER, to: OUR_NUMBER, body: 'UNSTOP' })
    expect(fake.isOptedOut(CUSTOMER_NUMBER, OUR_NUMBER)).toBe(false)
  })
})
