import { describe, expect, it } from 'vitest'
import { redact } from './redact'

describe('redact', () => {
  it('redacts a login body but keeps the email', () => {
    const body = { email: 'ana@example.com', password: 'hunter2', rememberMe: true, totpCode: '123456' }
    expect(redact(body)).toEqual({ email: 'ana@example.com', password: '[REDACTED]', rememberMe: true, totpCode: '[REDACTED]' })
    expect(body.password).toBe('hunter2')
  })

  it('redacts password-change and reset bodies', () => {
    expect(redact({ currentPassword: 'old', newPassword: 'new', new_password: 'new', token: 'reset-token' }))
      .toEqual({ currentPassword: '[REDACTED]', newPassword: '[REDACTED]', new_password: '[REDACTED]', token: '[REDACTED]' })
  })

  it('redacts an Express/h3-style headers object', () => {
    const headers = {
      'host': 'studio.example.com',
      'user-agent': 'Mozilla/5.0',
      'authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
      'proxy-authorization': 'Basic dXNlcjpwYXNz',
      'cookie': 'flectar_session=abc123; theme=dark',
      'set-cookie': ['flectar_session=abc123; Path=/; HttpOnly'],
      'x-api-key': 'fk_0123456789abcdef',
      'x-hub-signature-256': 'sha256=deadbeef',
      'stripe-signature': 't=1,v1=abc',
      'x-request-id': 'req_123',
    }
    expect(redact(headers)).toEqual({
      'host': 'studio.example.com',
      'user-agent': 'Mozilla/5.0',
      'authorization': '[REDACTED]',
      'proxy-authorization': '[REDACTED]',
      'cookie': '[REDACTED]',
      'set-cookie': '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-hub-signature-256': '[REDACTED]',
      'stripe-signature': '[REDACTED]',
      'x-request-id': 'req_123',
    })
  })

  it('redacts a fetch Headers instance', () => {
    const headers = new Headers({ 'Authorization': 'Bearer abc', 'Content-Type': 'application/json' })
    expect(redact(headers)).toEqual({ 'authorization': '[REDACTED]', 'content-type': 'application/json' })
  })

  it('redacts secrets, tokens, keys and card fields under credential-like names', () => {
    const value = {
      integration: { clientId: 'ca_123', clientSecret: 'cs_x', webhook_secret: 'w', accessToken: 'a', refresh_token: 'r', idToken: 'i' },
      config: { apiKey: 'k', api_key: 'k', privateKey: '-----BEGIN PRIVATE KEY-----', encryptionKey: 'e', key: 'public-id' },
      card: { cardNumber: '4242424242424242', pan: '4242424242424242', cvc: '123', cvv: '123', brand: 'visa', last4: '4242' },
      twoFactor: { otp: '123456', totp: 'JBSWY3DPEHPK3PXP', recoveryCode: 'abcd-efgh', code: '12345678' },
    }
    expect(redact(value)).toEqual({
      integration: { clientId: 'ca_123', clientSecret: '[REDACTED]', webhook_secret: '[REDACTED]', accessToken: '[REDACTED]', refresh_token: '[REDACTED]', idToken: '[REDACTED]' },
      config: { apiKey: '[REDACTED]', api_key: '[REDACTED]', privateKey: '[REDACTED]', encryptionKey: '[REDACTED]', key: 'public-id' },
      card: { cardNumber: '[REDACTED]', pan: '[REDACTED]', cvc: '[REDACTED]', cvv: '[REDACTED]', brand: 'visa', last4: '4242' },
      twoFactor: { otp: '[REDACTED]', totp: '[REDACTED]', recoveryCode: '[REDACTED]', code: '[REDACTED]' },
    })
  })

  it('keeps non-OTP codes and leaves null/undefined secrets visible', () => {
    expect(redact({ code: 'ECONNREFUSED', discount: { code: 'SUMMER26' }, password: null, token: undefined }))
      .toEqual({ code: 'ECONNREFUSED', discount: { code: 'SUMMER26' }, password: null, token: undefined })
  })

  it('redacts a postgres URL inside an error message, stack and cause', () => {
    const cause = new Error('connect ECONNREFUSED postgres://flectar:s3cr3t@db:5432/app')
    const error = Object.assign(new Error('migration failed for postgres://flectar:s3cr3t@db:5432/app', { cause }), { code: 'ECONNREFUSED' })
    const copy = redact(error) as Record<string, unknown>
    expect(copy.name).toBe('Error')
    expect(copy.message).toBe('migration failed for postgres://flectar:[REDACTED]@db:5432/app')
    expect(copy.stack).toContain('postgres://flectar:[REDACTED]@db:5432/app')
    expect(copy.code).toBe('ECONNREFUSED')
    expect((copy.cause as Record<string, unknown>).message).toBe('connect ECONNREFUSED postgres://flectar:[REDACTED]@db:5432/app')
    expect(JSON.stringify(copy)).not.toContain('s3cr3t')
  })

  it('redacts an Error whose message carries a bearer token', () => {
    class FetchError extends Error {
      override name = 'FetchError'
    }
    const copy = redact(new FetchError('401 from API, sent Authorization: Bearer eyJhbGciOi.JIUzI1Ni.J9abc')) as Record<string, unknown>
    expect(copy.name).toBe('FetchError')
    expect(copy.message).toBe('401 from API, sent Authorization: Bearer [REDACTED]')
    expect(JSON.stringify(copy)).not.toContain('eyJhbGciOi')
  })

  it('redacts a Stripe key inside any string', () => {
    expect(redact({ note: 'rotated to sk_live_51HxYzAbCdEfGhIjKlMnOp today' })).toEqual({ note: 'rotated to [REDACTED] today' })
  })

  it('redacts Luhn-valid card numbers in strings and numbers, not Luhn-invalid ones', () => {
    expect(redact({ note: 'paid with 4242 4242 4242 4242', ref: 'ref 4242 4242 4242 4241', raw: 4242424242424242, orderNo: 4242424242424241 }))
      .toEqual({ note: 'paid with [REDACTED CARD]', ref: 'ref 4242 4242 4242 4241', raw: '[REDACTED CARD]', orderNo: 4242424242424241 })
  })

  it('survives cycles and marks them', () => {
    const booking: Record<string, unknown> = { id: 'bk_1', token: 'secret' }
    booking.self = booking
    booking.list = [booking]
    const copy = redact(booking) as Record<string, unknown>
    expect(copy).toEqual({ id: 'bk_1', token: '[REDACTED]', self: '[Circular]', list: ['[Circular]'] })
    expect(() => JSON.stringify(copy)).not.toThrow()
  })

  it('copies shared (non-cyclic) references in full', () => {
    const shared = { id: 1 }
    expect(redact({ a: shared, b: shared })).toEqual({ a: { id: 1 }, b: { id: 1 } })
  })

  it('handles Maps, Sets, arrays, Buffers, Dates and functions', () => {
    const when = new Date('2026-03-14T09:30:00.000Z')
    const copy = redact({
      map: new Map<string, unknown>([['apiKey', 'k'], ['site', 'yoga']]),
      set: new Set(['Bearer abc', 'plain']),
      list: [{ password: 'p' }, 'ok'],
      file: Buffer.from('binary secret'),
      bytes: new Uint8Array(4),
      when,
      handler: function onBooking() {},
    }) as Record<string, unknown>
    expect(copy.map).toEqual(new Map([['apiKey', '[REDACTED]'], ['site', 'yoga']]))
    expect(copy.set).toEqual(new Set(['Bearer [REDACTED]', 'plain']))
    expect(copy.list).toEqual([{ password: '[REDACTED]' }, 'ok'])
    expect(copy.file).toBe('[Buffer 13 bytes]')
    expect(copy.bytes).toBe('[Uint8Array 4 bytes]')
    expect(copy.when).toEqual(when)
    expect(copy.when).not.toBe(when)
    expect(copy.handler).toBe('[Function onBooking]')
  })

  it('does not crash on throwing getters and flattens class instances', () => {
    class Session {
      id = 'ses_1'
      token = 'raw'
    }
    const tricky = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('no')
      },
    })
    expect(redact(new Session())).toEqual({ id: 'ses_1', token: '[REDACTED]' })
    expect(redact(tricky)).toEqual({ boom: '[Unreadable]' })
  })

  it('leaves harmless values untouched', () => {
    const value = {
      email: 'ana.lopez@example.com',
      id: '8f14e45f-ceea-467f-a0e6-2f1c2f0f6a11',
      siteId: 42,
      startsAt: '2026-03-14T09:30:00.000Z',
      title: 'Morning yoga, 60 min',
      phone: '+49 170 1234567',
      orderId: '4242424242424241',
      amount: 129.9,
      paid: false,
      nothing: null,
    }
    expect(redact(value)).toEqual(value)
    expect(redact('plain text')).toBe('plain text')
    expect(redact(7)).toBe(7)
    expect(redact(undefined)).toBeUndefined()
  })
})
