import { describe, expect, it } from 'vitest'
import { TWILIO_SIGNATURE_VECTOR as VECTOR } from './fixtures/vectors'
import { parseTwilioForm } from './form-fields'
import { signTwilioRequest, verifyTwilioSignature } from './signature'

const vectorInput = { authToken: VECTOR.authToken, url: VECTOR.url, params: { ...VECTOR.params }, signature: VECTOR.signature }

describe('verifyTwilioSignature with the published vector', () => {
  it('accepts it, and signTwilioRequest reproduces it', () => {
    expect(verifyTwilioSignature(vectorInput)).toBe(true)
    expect(signTwilioRequest(VECTOR.authToken, VECTOR.url, VECTOR.params)).toBe(VECTOR.signature)
  })

  it('accepts the URL with the default port added, as Twilio may have signed either', () => {
    expect(verifyTwilioSignature({ ...vectorInput, url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2' })).toBe(true)
  })

  it('rejects a tampered, added or removed param', () => {
    expect(verifyTwilioSignature({ ...vectorInput, params: { ...VECTOR.params, Digits: '1235' } })).toBe(false)
    expect(verifyTwilioSignature({ ...vectorInput, params: { ...VECTOR.params, Body: 'STOP' } })).toBe(false)
    const { Digits: _digits, ...withoutDigits } = VECTOR.params
    expect(verifyTwilioSignature({ ...vectorInput, params: withoutDigits })).toBe(false)
  })

  it('rejects the wrong token', () => {
    expect(verifyTwilioSignature({ ...vectorInput, authToken: '12346' })).toBe(false)
    expect(verifyTwilioSignature({ ...vectorInput, authToken: '' })).toBe(false)
  })

  it('rejects another URL: query, path, scheme or host', () => {
    for (const url of [
      'https://mycompany.com/myapp.php?foo=1&bar=3',
      'https://mycompany.com/myapp.php',
      'https://mycompany.com/other.php?foo=1&bar=2',
      'http://mycompany.com/myapp.php?foo=1&bar=2',
      'https://evil.example/myapp.php?foo=1&bar=2',
    ]) expect(verifyTwilioSignature({ ...vectorInput, url })).toBe(false)
  })

  it('rejects a missing, empty or altered signature, and never throws on garbage', () => {
    expect(verifyTwilioSignature({ ...vectorInput, signature: undefined })).toBe(false)
    expect(verifyTwilioSignature({ ...vectorInput, signature: null })).toBe(false)
    expect(verifyTwilioSignature({ ...vectorInput, signature: '' })).toBe(false)
    expect(verifyTwilioSignature({ ...vectorInput, signature: VECTOR.signature.replace('R', 'S') })).toBe(false)
    expect(verifyTwilioSignature({ ...vectorInput, url: 'not a url' })).toBe(false)
    expect(verifyTwilioSignature({ ...vectorInput, params: null as never })).toBe(false)
  })
})

describe('signatures over form bodies', () => {
  it('covers every value of a repeated param', () => {
    const url = 'https://example.com/sms'
    const params = parseTwilioForm('MediaUrl=b&MediaUrl=a&From=%2B34600111222')
    expect(params).toEqual({ MediaUrl: ['b', 'a'], From: '+34600111222' })
    const signature = signTwilioRequest('token', url, params)
    expect(verifyTwilioSignature({ authToken: 'token', url, params, signature })).toBe(true)
    expect(verifyTwilioSignature({ authToken: 'token', url, params: { ...params, MediaUrl: 'a' }, signature })).toBe(false)
  })
})
