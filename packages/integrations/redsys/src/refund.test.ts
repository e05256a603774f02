import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REDSYS_CURRENCY } from './currency'
import { type FakeRedsys, startFakeRedsys } from './fake-server'
import { TEST_MERCHANT_KEY } from './fixtures/vectors'
import { redsysOrderNumber } from './order-number'
import { redsysRefund } from './refund'
import { signRedsysParams } from './signature'
import { checkoutOnFakeRedsys, startTestMerchant, type TestMerchant } from './testing/fake-checkout'

const MERCHANT_CODE = '999008881'
const TERMINAL = '1'
const OTHER_KEY = Buffer.alloc(24, 3).toString('base64')

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

/** Pays `amount` through the fake's page and returns the approved order number. */
async function approvedPayment(amount: string): Promise<string> {
  const order = redsysOrderNumber()
  const result = await checkoutOnFakeRedsys(fake, TEST_MERCHANT_KEY, {
    DS_MERCHANT_AMOUNT: amount,
    DS_MERCHANT_ORDER: order,
    DS_MERCHANT_MERCHANTCODE: MERCHANT_CODE,
    DS_MERCHANT_CURRENCY: REDSYS_CURRENCY.EUR,
    DS_MERCHANT_TRANSACTIONTYPE: '0',
    DS_MERCHANT_TERMINAL: TERMINAL,
    DS_MERCHANT_MERCHANTURL: merchant.notificationUrl,
    DS_MERCHANT_URLOK: 'http://shop.test/ok',
    DS_MERCHANT_URLKO: 'http://shop.test/ko',
  }, 'approve')
  expect(result.location).toBe('http://shop.test/ok')
  return order
}

function refund(order: string, amountMinor: number, baseUrl = fake.url) {
  return redsysRefund({
    baseUrl,
    merchantKeyBase64: TEST_MERCHANT_KEY,
    merchantCode: MERCHANT_CODE,
    terminal: TERMINAL,
    order,
    amountMinor,
    currencyNumeric: REDSYS_CURRENCY.EUR,
  })
}

/** A stand-in Redsys that answers every REST call with `body`. */
async function startCannedRest(body: unknown): Promise<{ url: string, server: Server }> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

async function stopCannedRest(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

describe('redsysRefund against the fake', () => {
  it('refunds part of an approved payment (0900), then refuses more than is left (0950)', async () => {
    const order = await approvedPayment('5000')

    const first = await refund(order, 3000)
    expect(first).toMatchObject({ ok: true, response: '0900' })
    expect(first.params).toMatchObject({ Ds_Order: order, Ds_Amount: '3000', Ds_TransactionType: '3' })

    const tooMuch = await refund(order, 2001)
    expect(tooMuch).toMatchObject({ ok: false, response: '0950' })

    const rest = await refund(order, 2000)
    expect(rest).toMatchObject({ ok: true, response: '0900' })

    expect(fake.refunds.map(params => params.DS_MERCHANT_AMOUNT)).toEqual(['3000', '2001', '2000'])
    expect(fake.refunds[0]).toMatchObject({
      DS_MERCHANT_ORDER: order,
      DS_MERCHANT_MERCHANTCODE: MERCHANT_CODE,
      DS_MERCHANT_TERMINAL: TERMINAL,
      DS_MERCHANT_CURRENCY: '978',
      DS_MERCHANT_TRANSACTIONTYPE: '3',
    })
  })

  it('gets an errorCode for an order the fake never approved', async () => {
    expect(await refund(redsysOrderNumber(), 100)).toEqual({ ok: false, errorCode: 'SIS0050' })
  })

  it('gets SIS0042 when signing with the wrong key', async () => {
    const result = await redsysRefund({
      baseUrl: `${fake.url}/`,
      merchantKeyBase64: OTHER_KEY,
      merchantCode: MERCHANT_CODE,
      terminal: TERMINAL,
      order: redsysOrderNumber(),
      amountMinor: 100,
      currencyNumeric: '978',
    })
    expect(result).toEqual({ ok: false, errorCode: 'SIS0042' })
  })

  it('refuses amounts that are not positive whole minor units before calling out', async () => {
    for (const amountMinor of [0, -1, 1.5, Number.NaN]) {
      await expect(refund('1234abcd', amountMinor)).rejects.toThrow(RangeError)
    }
  })
})

describe('redsysRefund against a forged answer', () => {
  it('throws when the response signature does not verify, without leaking the key', async () => {
    const order = redsysOrderNumber()
    const forged = signRedsysParams(OTHER_KEY, { Ds_Order: order, Ds_Response: '0900', Ds_Amount: '100' }, order)
    const canned = await startCannedRest(forged)
    try {
      const error = await refund(order, 100, canned.url).then(() => undefined, (failure: unknown) => failure)
      expect(error).toBeInstanceOf(Error)
      const message = (error as Error).message
      expect(message).toMatch(/signature/)
      expect(message).not.toContain(TEST_MERCHANT_KEY)
      expect(message).not.toContain(OTHER_KEY)
    }
    finally {
      await stopCannedRest(canned.server)
    }
  })

  it('throws when a correctly signed answer is for another order', async () => {
    const order = redsysOrderNumber()
    const otherOrder = redsysOrderNumber()
    const canned = await startCannedRest(signRedsysParams(TEST_MERCHANT_KEY, { Ds_Order: otherOrder, Ds_Response: '0900' }, otherOrder))
    try {
      await expect(refund(order, 100, canned.url)).rejects.toThrow(/another order/)
    }
    finally {
      await stopCannedRest(canned.server)
    }
  })

  it('throws on an answer that is not a signed message', async () => {
    const canned = await startCannedRest({ hello: 'world' })
    try {
      await expect(refund(redsysOrderNumber(), 100, canned.url)).rejects.toThrow(/signature/)
    }
    finally {
      await stopCannedRest(canned.server)
    }
  })
})
