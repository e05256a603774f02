import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TwilioPayloadError } from './errors'
import { type FakeTwilio, startFakeTwilio } from './fake-server'
import { CUSTOMER_NUMBER, OUR_NUMBER, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './fixtures/accounts'
import { parseTwilioForm } from './form-fields'
import { sendSms } from './send-sms'
import { verifyTwilioSignature } from './signature'
import { parseTwilioStatus } from './status'
import { startWebhookReceiver } from './testing/webhook-receiver'

const SID = `SM${'c3'.repeat(16)}`

describe('parseTwilioStatus', () => {
  it('reads the status and the error code', () => {
    expect(parseTwilioStatus({ MessageSid: SID, MessageStatus: 'delivered', AccountSid: TEST_ACCOUNT_SID })).toEqual({ messageSid: SID, status: 'delivered', errorCode: null })
    expect(parseTwilioStatus({ MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003' })).toEqual({ messageSid: SID, status: 'undelivered', errorCode: 30003 })
    expect(parseTwilioStatus({ MessageSid: SID, MessageStatus: 'sent', ErrorCode: '' }).errorCode).toBeNull()
  })

  it('passes through a status Twilio may add later', () => {
    expect(parseTwilioStatus({ MessageSid: SID, MessageStatus: 'partially_delivered' }).status).toBe('partially_delivered')
  })

  it('throws TwilioPayloadError for a missing or malformed field', () => {
    const fieldsOf = (params: Record<string, string | string[]>) => {
      try {
        parseTwilioStatus(params)
      }
      catch (error) {
        expect(error).toBeInstanceOf(TwilioPayloadError)
        return (error as TwilioPayloadError).fields
      }
      throw new Error('expected a TwilioPayloadError')
    }
    expect(fieldsOf({})).toEqual(['MessageSid', 'MessageStatus'])
    expect(fieldsOf({ MessageSid: 'SMx', MessageStatus: 'sent' })).toEqual(['MessageSid'])
    expect(fieldsOf({ MessageSid: SID, MessageStatus: 'Delivered <script>' })).toEqual(['MessageStatus'])
    expect(fieldsOf({ MessageSid: SID, MessageStatus: 'failed', ErrorCode: 'thirty' })).toEqual(['ErrorCode'])
    expect(fieldsOf({ MessageSid: SID, MessageStatus: ['sent', 'delivered'] })).toEqual(['MessageStatus'])
  })
})

describe('status callbacks from the fake', () => {
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

  const config = () => ({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, apiUrl: fake.apiUrl })
  const lastCallback = () => {
    const received = receiver.received.at(-1)!
    const params = parseTwilioForm(received.rawBody)
    return { params, valid: verifyTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: received.url, params, signature: received.headers['x-twilio-signature'] as string }) }
  }

  it('posts signed sent then delivered callbacks to the message\'s StatusCallback', async () => {
    const statusCallback = `${receiver.baseUrl}/webhooks/twilio/status?message=42`
    const { sid } = await sendSms(config(), { from: OUR_NUMBER, to: CUSTOMER_NUMBER, body: 'Booked', statusCallback })
    await fake.sendStatus(sid, 'sent')
    let callback = lastCallback()
    expect(callback.valid).toBe(true)
    expect(receiver.received.at(-1)!.url).toBe(statusCallback)
    expect(callback.params).toMatchObject({ MessageSid: sid, MessageStatus: 'sent', AccountSid: TEST_ACCOUNT_SID, From: OUR_NUMBER, To: CUSTOMER_NUMBER })
    expect(callback.params).not.toHaveProperty('ErrorCode')
    expect(parseTwilioStatus(callback.params)).toEqual({ messageSid: sid, status: 'sent', errorCode: null })

    await fake.sendStatus(sid, 'delivered')
    callback = lastCallback()
    expect(callback.valid).toBe(true)
    expect(callback.params.RawDlrDoneDate).toMatch(/^\d{10}$/)
    expect(parseTwilioStatus(callback.params)).toEqual({ messageSid: sid, status: 'delivered', errorCode: null })
    expect(fake.messages.get(sid)?.status).toBe('delivered')
  })

  it('carries ErrorCode on undelivered and failed', async () => {
    const { sid } = await sendSms(config(), { from: OUR_NUMBER, to: CUSTOMER_NUMBER, body: 'Booked', statusCallback: `${receiver.baseUrl}/status` })
    await fake.sendStatus(sid, 'undelivered', { errorCode: 30003 })
    expect(parseTwilioStatus(lastCallback().params)).toEqual({ messageSid: sid, status: 'undelivered', errorCode: 30003 })
    await fake.sendStatus(sid, 'failed')
    const callback = lastCallback()
    expect(callback.valid).toBe(true)
    expect(parseTwilioStatus(callback.params)).toEqual({ messageSid: sid, status: 'failed', errorCode: 30008 })
  })

  it('refuses to call back for an unknown message or one sent without a StatusCallback', async () => {
    await expect(fake.sendStatus(SID, 'sent')).rejects.toThrow(/no outbound message/)
    const { sid } = await sendSms(config(), { from: OUR_NUMBER, to: CUSTOMER_NUMBER, body: 'Booked' })
    await expect(fake.sendStatus(sid, 'sent')).rejects.toThrow(/without a StatusCallback/)
  })
})
