import { describe, expect, it } from 'vitest'
import { isSensitiveKey } from './sensitive-key'

describe('isSensitiveKey', () => {
  it('matches credential names in camelCase, snake_case, kebab-case and any case', () => {
    const names = [
      'password', 'PASSWORD', 'passwd', 'pwd', 'newPassword', 'current_password', 'password_confirmation',
      'secret', 'clientSecret', 'client_secret', 'WEBHOOK_SECRET', 'token', 'accessToken', 'refresh_token', 'idToken', 'csrfToken',
      'apiKey', 'api_key', 'x-api-key', 'privateKey', 'encryptionKey', 'authorization', 'Proxy-Authorization', 'cookie', 'Set-Cookie',
      'x-hub-signature-256', 'stripe-signature', 'otp', 'totp', 'totpCode', 'recoveryCode', 'cardNumber', 'pan', 'cvc', 'cvv',
    ]
    for (const name of names) expect(isSensitiveKey(name, 'value'), name).toBe(true)
  })

  it('treats `code` as secret only when it looks like a 6-8 digit one-time code', () => {
    expect(isSensitiveKey('code', '123456')).toBe(true)
    expect(isSensitiveKey('code', 12345678)).toBe(true)
    expect(isSensitiveKey('code', 'ECONNREFUSED')).toBe(false)
    expect(isSensitiveKey('code', '23505')).toBe(false)
    expect(isSensitiveKey('code', 'SUMMER2026')).toBe(false)
  })

  it('leaves ordinary names alone', () => {
    for (const name of ['email', 'id', 'userId', 'key', 'tokenCount', 'tokens', 'passwordChangedAt', 'secretary', 'createdAt', 'countryCode']) {
      expect(isSensitiveKey(name, 'value'), name).toBe(false)
    }
  })
})
