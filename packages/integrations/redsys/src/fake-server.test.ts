import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE_STATE_PATH, type FakeRedsys, startFakeRedsys } from './fake-server'
import { TEST_MERCHANT_KEY } from './fixtures/vectors'
import { redsysOrderNumber } from './order-number'
import { redsysResponseOutcome } from './response-outcome'
import { signRedsysParams, signRedsysRequest, verifyRedsysNotification } from './signature'
import { checkoutOnFakeRedsys, startTestMerchant, type TestMerchant } from './testing/fake-checkout'

const URL_OK = 'http://shop.test/booking/ok'
const URL_KO = 'http://shop.test/booking/ko'

let fake: FakeRedsys
let merchant: TestMerchant

beforeAll(async () => {
  fake = await startFakeRedsys({ merchantKeyBase64: TEST_MERCHANT_KEY })
  merchant = await startTestMerchant()
})

afterAll(async () => {
  await fake.stop()
  await merchant.stop()
})

function paymentParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DS_MERCHANT_AMOUNT: '2350',
    DS_MERCHANT_ORDER: redsysOrderNumber(),
    DS_MERCHANT_MERCHANTCODE: '999008881',
    DS_MERCHANT_MERCHANTNAME: 'Flectar <Test> Shop',
    DS_MERCHANT_CURRENCY: '978',
    DS_MERCHANT_TRANSACTIONTYPE: '0',
    DS_MERCHANT_TERMINAL: '1',
    DS_MERCHANT_MERCHANTURL: merchant.notificationUrl,
    DS_MERCHANT_URLOK: URL_OK,
    DS_MERCHANT_URLKO: URL_KO,
    ...overrides,
  }
}

/** The last notification the merchant got, checked with the production verifier. */
function lastVerifiedNotification(): Record<string, unknown> {
  const received = merchant.notifications.at(-1)
  const verification = verifyRedsysNotification(TEST_MERCHANT_KEY, received)
  if (!verification.valid) throw new Error('the notification did not verify')
  return verification.params
}

function postForm(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

describe('fake Redsys redirect flow', () => {
  it('approves: signed notification with 0000, then 302 to URLOK', async () => {
    const params = paymentParams({ DS_MERCHANT_MERCHANTDATA: 'booking:42' })
    const before = merchant.notifications.length
    const result = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, params, 'approve')

    expect(result.pageHtml).toContain('Approve')
    expect(result.pageHtml).toContain('Deny')
    expect(result.pageHtml).toContain('Flectar &lt;Test&gt; Shop')
    expect(result.status).toBe(302)
    expect(result.location).toBe(URL_OK)
    expect(merchant.notifications).toHaveLength(before + 1)

    const received = merchant.notifications.at(-1)!
    expect(Object.keys(received).sort()).toEqual(['Ds_MerchantParameters', 'Ds_Signature', 'Ds_SignatureVersion'])
    expect(received.Ds_MerchantParameters).toMatch(/^[\w-]+$/)
    expect(received.Ds_Signature).toMatch(/^[\w-]+$/)

    const notification = lastVerifiedNotification()
    expect(notification).toMatchObject({
      Ds_Amount: '2350',
      Ds_Currency: '978',
      Ds_Order: params.DS_MERCHANT_ORDER,
      Ds_MerchantCode: '999008881',
      Ds_Terminal: '1',
      Ds_Response: '0000',
      Ds_TransactionType: '0',
      Ds_SecurePayment: '1',
      Ds_MerchantData: 'booking:42',
      Ds_ProcessedPayMethod: '5',
      Ds_Card_Brand: '1',
      Ds_Card_Country: '724',
    })
    expect(notification.Ds_Date).toMatch(/^\d{2}%2F\d{2}%2F\d{4}$/)
    expect(notification.Ds_Hour).toMatch(/^\d{2}%3A\d{2}$/)
    expect(notification.Ds_AuthorisationCode).toMatch(/^\d{6}$/)
    expect(redsysResponseOutcome(notification.Ds_Response as string)).toBe('authorised')
    expect(fake.payments.at(-1)).toMatchObject({ order: params.DS_MERCHANT_ORDER, response: '0000', notification: { status: 200 } })
  })

  it('tells a test in another process what it saw, at its own GET /_fake/state', async () => {
    const params = paymentParams()
    await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, params, 'approve')
    const state = await (await fetch(`${fake.url}${FAKE_STATE_PATH}`)).json() as { payments: Array<{ order: string, response: string }>, refunds: unknown[] }
    expect(state.payments.find(payment => payment.order === params.DS_MERCHANT_ORDER)).toMatchObject({ response: '0000' })
    expect(state.refunds).toEqual(fake.refunds)
  })

  it('denies: 0190, no authorisation code, then 302 to URLKO', async () => {
    const params = paymentParams()
    const result = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, params, 'deny')
    expect(result.status).toBe(302)
    expect(result.location).toBe(URL_KO)
    const notification = lastVerifiedNotification()
    expect(notification).toMatchObject({ Ds_Order: params.DS_MERCHANT_ORDER, Ds_Response: '0190', Ds_AuthorisationCode: '', Ds_MerchantData: '' })
    expect(redsysResponseOutcome(notification.Ds_Response as string)).toBe('failed')
  })

  it('reports a customer cancellation as 9915', async () => {
    const result = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, paymentParams(), 'cancel')
    expect(result.location).toBe(URL_KO)
    expect(lastVerifiedNotification().Ds_Response).toBe('9915')
  })

  it('reports Bizum (DS_MERCHANT_PAYMETHODS z) as processed pay method 68', async () => {
    const result = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, paymentParams({ DS_MERCHANT_PAYMETHODS: 'z' }), 'approve')
    expect(result.pageHtml).toContain('Bizum')
    expect(result.location).toBe(URL_OK)
    expect(lastVerifiedNotification()).toMatchObject({ Ds_Response: '0000', Ds_ProcessedPayMethod: '68' })
  })

  it('answers 0913 for an order number that was already approved', async () => {
    const params = paymentParams()
    await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, params, 'approve')
    const again = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, params, 'approve')
    expect(again.location).toBe(URL_KO)
    expect(lastVerifiedNotification()).toMatchObject({ Ds_Order: params.DS_MERCHANT_ORDER, Ds_Response: '0913', Ds_AuthorisationCode: '' })
  })

  it('accepts CamelCase parameter names', async () => {
    const params = paymentParams()
    const camel = {
      Ds_Merchant_Amount: params.DS_MERCHANT_AMOUNT!,
      Ds_Merchant_Order: params.DS_MERCHANT_ORDER!,
      Ds_Merchant_MerchantCode: params.DS_MERCHANT_MERCHANTCODE!,
      Ds_Merchant_Currency: params.DS_MERCHANT_CURRENCY!,
      Ds_Merchant_TransactionType: '0',
      Ds_Merchant_Terminal: '1',
      Ds_Merchant_MerchantURL: merchant.notificationUrl,
      Ds_Merchant_UrlOK: URL_OK,
      Ds_Merchant_UrlKO: URL_KO,
    }
    const result = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, camel, 'approve')
    expect(result.location).toBe(URL_OK)
    expect(lastVerifiedNotification()).toMatchObject({ Ds_Order: params.DS_MERCHANT_ORDER, Ds_Amount: '2350' })
  })

  it('still redirects when the merchant cannot be reached, and records why', async () => {
    const result = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, paymentParams({ DS_MERCHANT_MERCHANTURL: 'http://127.0.0.1:1/nowhere' }), 'approve')
    expect(result.location).toBe(URL_OK)
    expect(fake.payments.at(-1)?.notification).toHaveProperty('error')
  })
})

describe('fake Redsys refusals', () => {
  it('answers SIS0042 on a page for a bad request signature', async () => {
    const params = paymentParams()
    const signed = signRedsysRequest(TEST_MERCHANT_KEY, params)
    const forged = signRedsysRequest(Buffer.alloc(24, 9).toString('base64'), params)
    const attempts: Record<string, string>[] = [
      { ...signed, Ds_Signature: forged.Ds_Signature },
      { ...signed, Ds_SignatureVersion: 'HMAC_SHA512_V2' },
      { Ds_MerchantParameters: signed.Ds_MerchantParameters },
      {},
    ]
    for (const fields of attempts) {
      const response = await postForm('/sis/realizarPago', fields)
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain('SIS0042')
      expect(html).not.toContain('Approve')
    }
  })

  it('answers a SIS error page for a signed request with missing or invalid data', async () => {
    const invalid: Record<string, string>[] = [{ DS_MERCHANT_AMOUNT: '' }, { DS_MERCHANT_AMOUNT: '12.50' }, { DS_MERCHANT_ORDER: 'abcd1234' }, { DS_MERCHANT_TERMINAL: '' }]
    for (const overrides of invalid) {
      const response = await postForm('/sis/realizarPago', { ...signRedsysRequest(TEST_MERCHANT_KEY, paymentParams(overrides)) })
      const html = await response.text()
      expect(html).toMatch(/SIS\d{4}/)
      expect(html).not.toContain('Approve')
    }
  })

  it('refuses an unknown or reused decision token', async () => {
    expect((await postForm('/sis/realizarPago/decision', { token: 'nope', decision: 'approve' })).status).toBe(400)
    const signed = signRedsysRequest(TEST_MERCHANT_KEY, paymentParams())
    const html = await (await postForm('/sis/realizarPago', { ...signed })).text()
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!
    expect((await postForm('/sis/realizarPago/decision', { token, decision: 'maybe' })).status).toBe(400)
    expect((await postForm('/sis/realizarPago/decision', { token, decision: 'deny' })).status).toBe(302)
    expect((await postForm('/sis/realizarPago/decision', { token, decision: 'approve' })).status).toBe(400)
  })

  it('answers malformed REST calls with an error, never crashing', async () => {
    const rest = (body: string) => fetch(`${fake.url}/sis/rest/trataPeticionREST`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const notJson = await rest('{not json')
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toHaveProperty('errorCode')
    expect((await rest('[1,2]')).status).toBe(400)
    expect(await (await rest(JSON.stringify({ Ds_SignatureVersion: 'HMAC_SHA256_V1' }))).json()).toEqual({ errorCode: 'SIS0042' })

    const notARefund = signRedsysRequest(TEST_MERCHANT_KEY, { DS_MERCHANT_ORDER: '1234', DS_MERCHANT_TRANSACTIONTYPE: '0' })
    expect(await (await rest(JSON.stringify(notARefund))).json()).toHaveProperty('errorCode')

    // A notification-style message (Ds_Order, no DS_MERCHANT_ORDER) is not a valid request.
    const wrongShape = signRedsysParams(TEST_MERCHANT_KEY, { Ds_Order: '1234' }, '1234')
    expect(await (await rest(JSON.stringify(wrongShape))).json()).toEqual({ errorCode: 'SIS0042' })

    const huge = await rest('x'.repeat(200 * 1024)).catch(() => undefined)
    if (huge !== undefined) expect(huge.status).toBe(413)
  })

  it('answers other methods and paths with 4xx', async () => {
    expect((await fetch(`${fake.url}/sis/realizarPago`)).status).toBe(405)
    expect((await fetch(`${fake.url}/nothing-here`)).status).toBe(404)
    // Still serving after all of the above.
    expect((await fetch(`${fake.url}/sis/rest/trataPeticionREST`, { method: 'POST', body: '' })).status).toBe(400)
  })
})
