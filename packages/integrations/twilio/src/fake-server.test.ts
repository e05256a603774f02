import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeTwilio, startFakeTwilio } from './fake-server'
import { CUSTOMER_NUMBER, OUR_NUMBER, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './fixtures/accounts'
import { countSmsSegments } from './segments'

let fake: FakeTwilio
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const messagesUrl = () => `${fake.apiUrl}/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`
const post = (params: Record<string, string>, authorization = basic(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN)) =>
  fetch(messagesUrl(), { method: 'POST', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) })

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN })
})
afterAll(() => fake.close())

describe('the fake Twilio Messages API', () => {
  it('answers wrong or missing credentials with 401 in Twilio\'s error JSON', async () => {
    for (const authorization of [basic(TEST_ACCOUNT_SID, 'nope'), basic(`AC${'f'.repeat(32)}`, TEST_AUTH_TOKEN), '']) {
      const response = await post({ To: CUSTOMER_NUMBER, From: OUR_NUMBER, Body: 'x' }, authorization)
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('Basic')
      expect(await response.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 })
    }
    expect(fake.sent).toHaveLength(0)
  })

  it('creates a queued message with an SM sid and returns it on GET', async () => {
    const response = await post({ To: CUSTOMER_NUMBER, From: OUR_NUMBER, Body: 'Hello' })
    expect(response.status).toBe(201)
    const created = await response.json() as Record<string, unknown>
    expect(created).toMatchObject({ account_sid: TEST_ACCOUNT_SID, to: CUSTOMER_NUMBER, from: OUR_NUMBER, body: 'Hello', status: 'queued', direction: 'outbound-api', error_code: null })
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/)
    const fetched = await fetch(`${fake.apiUrl}/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages/${created.sid as string}.json`, { headers: { authorization: basic(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN) } })
    expect(fetched.status).toBe(200)
    expect(await fetched.json()).toEqual(created)
  })

  it('answers unknown messages, other accounts and other routes with 404 20404', async () => {
    const auth = { authorization: basic(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN) }
    for (const path of [`Accounts/${TEST_ACCOUNT_SID}/Messages/SM${'0'.repeat(32)}.json`, `Accounts/AC${'f'.repeat(32)}/Messages.json`, `Accounts/${TEST_ACCOUNT_SID}/Calls.json`]) {
      const response = await fetch(`${fake.apiUrl}/2010-04-01/${path}`, { headers: auth })
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ code: 20404, status: 404 })
    }
  })

  it('validates the message like Twilio does', async () => {
    const cases: Array<[Record<string, string>, number]> = [
      [{ From: OUR_NUMBER, Body: 'x' }, 21604],
      [{ To: CUSTOMER_NUMBER, Body: 'x' }, 21603],
      [{ To: CUSTOMER_NUMBER, From: OUR_NUMBER }, 21602],
      [{ To: '600111222', From: OUR_NUMBER, Body: 'x' }, 21211],
      [{ To: CUSTOMER_NUMBER, From: OUR_NUMBER, Body: 'x'.repeat(1601) }, 21617],
    ]
    for (const [params, code] of cases) {
      const response = await post(params)
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` })
    }
  })

  it('fails the next send on request, once', async () => {
    fake.failNextSend({ status: 503, code: 20503, message: 'Service unavailable' })
    expect((await post({ To: CUSTOMER_NUMBER, From: OUR_NUMBER, Body: 'x' })).status).toBe(503)
    expect((await post({ To: CUSTOMER_NUMBER, From: OUR_NUMBER, Body: 'x' })).status).toBe(201)
  })

  it('logs every request with its params and auth outcome', () => {
    expect(fake.requests.length).toBeGreaterThan(0)
    expect(fake.requests[0]).toMatchObject({ method: 'POST', status: 401, authenticated: false, params: { To: CUSTOMER_NUMBER } })
  })
})

describe('countSmsSegments', () => {
  it('counts GSM-7 and UCS-2 segments', () => {
    expect(countSmsSegments('x'.repeat(160))).toBe(1)
    expect(countSmsSegments('x'.repeat(161))).toBe(2)
    expect(countSmsSegments('€'.repeat(80))).toBe(1)
    expect(countSmsSegments('€'.repeat(81))).toBe(2)
    expect(countSmsSegments('ç'.repeat(70))).toBe(1)
    expect(countSmsSegments('ç'.repeat(71))).toBe(2)
  })
})
