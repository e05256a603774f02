import { describe, expect, it } from 'vitest'
import { answerWhatsAppVerification } from './webhook-verification'

const TOKEN = 'verify-token-4f2a'
const query = (overrides: Record<string, unknown> = {}) => ({ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1158201444', ...overrides })

describe('answerWhatsAppVerification', () => {
  it('echoes the challenge for subscribe with our token', () => {
    expect(answerWhatsAppVerification(query(), TOKEN)).toEqual({ status: 200, body: '1158201444' })
  })

  it.each([
    ['a wrong token', { 'hub.verify_token': 'verify-token-4f2b' }],
    ['a token prefix', { 'hub.verify_token': TOKEN.slice(0, -1) }],
    ['a longer token', { 'hub.verify_token': `${TOKEN}x` }],
    ['no token', { 'hub.verify_token': undefined }],
    ['another mode', { 'hub.mode': 'unsubscribe' }],
    ['no mode', { 'hub.mode': undefined }],
    ['no challenge', { 'hub.challenge': undefined }],
    ['an empty challenge', { 'hub.challenge': '' }],
    ['a challenge with markup', { 'hub.challenge': '<script>alert(1)</script>' }],
    ['a repeated token (array)', { 'hub.verify_token': [TOKEN, TOKEN] }],
  ])('is 403 for %s', (_label, overrides) => {
    expect(answerWhatsAppVerification(query(overrides), TOKEN)).toEqual({ status: 403, body: 'Forbidden' })
  })

  it('is 403 when we have no verify token configured, whatever is sent', () => {
    expect(answerWhatsAppVerification(query({ 'hub.verify_token': '' }), '')).toEqual({ status: 403, body: 'Forbidden' })
  })
})
