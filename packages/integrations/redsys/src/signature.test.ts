import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DERIVED_KEYS, REQUEST_VECTOR, TEST_MERCHANT_KEY } from './fixtures/vectors'
import { decodeRedsysParams, deriveRedsysKey, signRedsysParams, signRedsysRequest, verifyRedsysNotification, verifyRedsysRequest } from './signature'

const OTHER_KEY = Buffer.alloc(24, 7).toString('base64')

const notificationParams = {
  Ds_Date: '30%2F08%2F2022',
  Ds_Hour: '12%3A05',
  Ds_Amount: '1000',
  Ds_Currency: '978',
  Ds_Order: '1234abcd',
  Ds_MerchantCode: '327234688',
  Ds_Terminal: '1',
  Ds_Response: '0000',
  Ds_TransactionType: '0',
  Ds_SecurePayment: '1',
  Ds_AuthorisationCode: '123456',
}

function thrownMessage(run: () => unknown): string {
  try {
    run()
  }
  catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error('expected a throw')
}

function toStandardBase64(value: string): string {
  return Buffer.from(value, 'base64url').toString('base64')
}

describe('deriveRedsysKey', () => {
  it.each(DERIVED_KEYS)('matches the published key for order $order', ({ order, keyBase64 }) => {
    expect(deriveRedsysKey(TEST_MERCHANT_KEY, order).toString('base64')).toBe(keyBase64)
  })

  it('gives one 8-byte block per started 8 bytes of order', () => {
    expect(deriveRedsysKey(TEST_MERCHANT_KEY, '0')).toHaveLength(8)
    expect(deriveRedsysKey(TEST_MERCHANT_KEY, '12345678')).toHaveLength(8)
    expect(deriveRedsysKey(TEST_MERCHANT_KEY, '1234567890')).toHaveLength(16)
  })

  it('refuses a key that is not 24 bytes, without echoing it', () => {
    const shortKey = Buffer.alloc(16, 1).toString('base64')
    expect(() => deriveRedsysKey(shortKey, '1234')).toThrow(RangeError)
    expect(thrownMessage(() => deriveRedsysKey(shortKey, '1234'))).not.toContain(shortKey)
  })

  it('refuses an empty order', () => {
    expect(() => deriveRedsysKey(TEST_MERCHANT_KEY, '')).toThrow(RangeError)
  })
})

describe('signRedsysRequest', () => {
  it('reproduces the published request vector', () => {
    expect(signRedsysRequest(TEST_MERCHANT_KEY, REQUEST_VECTOR.params)).toEqual({
      Ds_SignatureVersion: 'HMAC_SHA256_V1',
      Ds_MerchantParameters: REQUEST_VECTOR.merchantParameters,
      Ds_Signature: REQUEST_VECTOR.signature,
    })
  })

  it('accepts the CamelCase order name', () => {
    const signed = signRedsysRequest(TEST_MERCHANT_KEY, { Ds_Merchant_Order: '12345678', Ds_Merchant_Amount: '1000' })
    const expected = createHmac('sha256', deriveRedsysKey(TEST_MERCHANT_KEY, '12345678')).update(signed.Ds_MerchantParameters).digest('base64')
    expect(signed.Ds_Signature).toBe(expected)
    expect(verifyRedsysRequest(TEST_MERCHANT_KEY, signed).valid).toBe(true)
  })

  it('throws a clear error without the order, and never shows the key', () => {
    expect(() => signRedsysRequest(TEST_MERCHANT_KEY, { DS_MERCHANT_AMOUNT: '1000' })).toThrow(/DS_MERCHANT_ORDER/)
    expect(() => signRedsysRequest(TEST_MERCHANT_KEY, { DS_MERCHANT_ORDER: '' })).toThrow(/DS_MERCHANT_ORDER/)
    const message = thrownMessage(() => signRedsysRequest(TEST_MERCHANT_KEY, {}))
    expect(message).toMatch(/DS_MERCHANT_ORDER/)
    expect(message).not.toContain(TEST_MERCHANT_KEY)
  })

  it('emits standard base64 with padding and no whitespace', () => {
    const signed = signRedsysRequest(TEST_MERCHANT_KEY, { DS_MERCHANT_ORDER: '1234', DS_MERCHANT_MERCHANTNAME: 'Café ?>~' })
    expect(signed.Ds_MerchantParameters).toMatch(/^[A-Z0-9+/]+={0,2}$/i)
    expect(signed.Ds_MerchantParameters.length % 4).toBe(0)
    expect(signed.Ds_Signature).toMatch(/^[A-Z0-9+/]{43}=$/i)
  })
})

describe('verifyRedsysNotification', () => {
  const signedUrl = signRedsysParams(TEST_MERCHANT_KEY, notificationParams, notificationParams.Ds_Order, 'base64url')

  it('accepts a base64url notification and returns the decoded params', () => {
    expect(signedUrl.Ds_Signature).toMatch(/^[\w-]+$/)
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, signedUrl)).toEqual({ valid: true, params: notificationParams })
  })

  it('accepts the same signature written in standard base64, with padding', () => {
    const standardSignature = toStandardBase64(signedUrl.Ds_Signature)
    expect(standardSignature).toMatch(/=$/)
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, { ...signedUrl, Ds_Signature: standardSignature }).valid).toBe(true)
  })

  it('accepts standard base64 parameters signed as sent', () => {
    const signedStandard = signRedsysParams(TEST_MERCHANT_KEY, notificationParams, notificationParams.Ds_Order, 'base64')
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, signedStandard).valid).toBe(true)
  })

  it('accepts DS_ORDER as the order name', () => {
    const params = { DS_ORDER: '5678', DS_RESPONSE: '0000' }
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, signRedsysParams(TEST_MERCHANT_KEY, params, '5678', 'base64url')))
      .toEqual({ valid: true, params })
  })

  it('rejects tampered parameters', () => {
    const tampered = Buffer.from(JSON.stringify({ ...notificationParams, Ds_Amount: '1' })).toString('base64url')
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, { ...signedUrl, Ds_MerchantParameters: tampered })).toEqual({ valid: false })
  })

  it('rejects a signature made with another key', () => {
    const forged = signRedsysParams(OTHER_KEY, notificationParams, notificationParams.Ds_Order, 'base64url')
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, forged)).toEqual({ valid: false })
  })

  it('rejects a signature derived for another order than the one in the params', () => {
    const wrongOrder = signRedsysParams(TEST_MERCHANT_KEY, notificationParams, '9999zzzz', 'base64url')
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, wrongOrder)).toEqual({ valid: false })
  })

  it('rejects a tampered signature of the right length', () => {
    const flipped = (signedUrl.Ds_Signature[0] === 'A' ? 'B' : 'A') + signedUrl.Ds_Signature.slice(1)
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, { ...signedUrl, Ds_Signature: flipped })).toEqual({ valid: false })
    expect(verifyRedsysNotification(TEST_MERCHANT_KEY, { ...signedUrl, Ds_Signature: signedUrl.Ds_Signature.slice(1) })).toEqual({ valid: false })
  })

  it('rejects any version other than HMAC_SHA256_V1', () => {
    for (const version of ['HMAC_SHA512_V2', 'hmac_sha256_v1', '', undefined, 1]) {
      expect(verifyRedsysNotification(TEST_MERCHANT_KEY, { ...signedUrl, Ds_SignatureVersion: version })).toEqual({ valid: false })
    }
  })

  it('rejects garbage base64 and JSON that is not an object', () => {
    const signedAs = (merchantParameters: string) => ({
      Ds_SignatureVersion: 'HMAC_SHA256_V1',
      Ds_MerchantParameters: merchantParameters,
      Ds_Signature: createHmac('sha256', deriveRedsysKey(TEST_MERCHANT_KEY, '1234')).update(merchantParameters).digest('base64url'),
    })
    for (const merchantParameters of [
      '!!!not base64!!!',
      'eyJEc19PcmRlciI6IjEyMzQifQ==*',
      'a',
      '',
      Buffer.from('not json').toString('base64'),
      Buffer.from('[{"Ds_Order":"1234"}]').toString('base64'),
      Buffer.from('"1234"').toString('base64'),
      Buffer.from('null').toString('base64'),
      Buffer.from([0xFF, 0xFE, 0x7B, 0x7D]).toString('base64'),
    ]) {
      expect(verifyRedsysNotification(TEST_MERCHANT_KEY, signedAs(merchantParameters))).toEqual({ valid: false })
    }
  })

  it('rejects missing or non-string fields, a missing order and bad keys without throwing', () => {
    const noOrder = signRedsysParams(TEST_MERCHANT_KEY, { Ds_Response: '0000' }, '1234', 'base64url')
    const numericOrder = signRedsysParams(TEST_MERCHANT_KEY, { Ds_Order: 1234 }, '1234', 'base64url')
    const inputs: unknown[] = [
      undefined,
      null,
      'a string',
      {},
      { ...signedUrl, Ds_Signature: undefined },
      { ...signedUrl, Ds_Signature: '' },
      { ...signedUrl, Ds_Signature: 42 },
      { ...signedUrl, Ds_MerchantParameters: undefined },
      { ...signedUrl, Ds_MerchantParameters: { Ds_Order: '1234' } },
      noOrder,
      numericOrder,
    ]
    for (const input of inputs) {
      expect(verifyRedsysNotification(TEST_MERCHANT_KEY, input as never)).toEqual({ valid: false })
    }
    for (const key of ['', 'short', Buffer.alloc(16).toString('base64'), undefined as unknown as string]) {
      expect(verifyRedsysNotification(key, signedUrl)).toEqual({ valid: false })
    }
  })
})

describe('decodeRedsysParams', () => {
  it('decodes base64 and base64url alike', () => {
    const json = JSON.stringify({ Ds_Order: '1234', Ds_MerchantData: '???>>>' })
    expect(decodeRedsysParams(Buffer.from(json).toString('base64'))).toEqual(JSON.parse(json))
    expect(decodeRedsysParams(Buffer.from(json).toString('base64url'))).toEqual(JSON.parse(json))
  })
})
