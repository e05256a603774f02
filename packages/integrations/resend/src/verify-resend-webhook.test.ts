import { Resend } from 'resend'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SVIX_VECTOR as VECTOR } from './fixtures/vectors'
import { ResendWebhookError } from './resend-webhook-error'
import { signResendWebhook, verifyResendWebhook, type VerifyResendWebhookInput } from './verify-resend-webhook'

const SECRET = `whsec_${Buffer.from('unit-test-secret-0123456789abcdef').toString('base64')}`
const NOW_SECONDS = 1_800_000_000
const NOW = new Date(NOW_SECONDS * 1000)
const BODY = JSON.stringify({
  type: 'email.delivered',
  created_at: '2027-01-15T08:00:00.000Z',
  data: { email_id: 'em_1', created_at: '2027-01-15T07:59:58.000Z', from: 'Shop <no-reply@shop.test>', to: ['ana@example.com'], subject: 'Your booking', message_id: '<em_1@shop.test>' },
})

function signed(body = BODY, timestamp = NOW_SECONDS, id = 'msg_unit_1'): VerifyResendWebhookInput {
  return {
    secret: SECRET,
    rawBody: body,
    headers: { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signResendWebhook(SECRET, id, timestamp, body) },
    now: NOW,
  }
}

function rejection(input: VerifyResendWebhookInput): string | undefined {
  try {
    verifyResendWebhook(input)
    return undefined
  }
  catch (error) {
    expect(error).toBeInstanceOf(ResendWebhookError)
    return (error as ResendWebhookError).reason
  }
}

describe('the Standard Webhooks vector', () => {
  const vectorInput = (ageSeconds: number, overrides: Partial<VerifyResendWebhookInput> = {}): VerifyResendWebhookInput => ({
    secret: VECTOR.secret,
    rawBody: VECTOR.rawBody,
    headers: { 'svix-id': VECTOR.svixId, 'svix-timestamp': String(VECTOR.svixTimestamp), 'svix-signature': VECTOR.svixSignature },
    now: new Date((VECTOR.svixTimestamp + ageSeconds) * 1000),
    ...overrides,
  })

  it('is reproduced by signResendWebhook', () => {
    expect(signResendWebhook(VECTOR.secret, VECTOR.svixId, VECTOR.svixTimestamp, VECTOR.rawBody)).toBe(VECTOR.svixSignature)
  })

  it('passes signature and clock at ±300 s (its body is no event, so bad_payload is as far as it gets)', () => {
    expect(rejection(vectorInput(0))).toBe('bad_payload')
    expect(rejection(vectorInput(300))).toBe('bad_payload')
    expect(rejection(vectorInput(-300))).toBe('bad_payload')
  })

  it('is expired 301 s late and 301 s early', () => {
    expect(rejection(vectorInput(301))).toBe('expired')
    expect(rejection(vectorInput(-301))).toBe('expired')
  })

  it('is a bad signature under another secret or with the body changed', () => {
    expect(rejection(vectorInput(0, { secret: SECRET }))).toBe('bad_signature')
    expect(rejection(vectorInput(0, { rawBody: '{"test": 2432232315}' }))).toBe('bad_signature')
  })

  describe('with the SDK (clock pinned)', () => {
    afterEach(() => void vi.useRealTimers())

    it('resend.webhooks.verify accepts the vector too', () => {
      vi.useFakeTimers({ toFake: ['Date'], now: VECTOR.svixTimestamp * 1000 })
      const verified = new Resend('re_unused').webhooks.verify({
        payload: VECTOR.rawBody,
        headers: { id: VECTOR.svixId, timestamp: String(VECTOR.svixTimestamp), signature: VECTOR.svixSignature },
        webhookSecret: VECTOR.secret,
      })
      expect(verified).toEqual({ test: 2432232314 })
    })
  })
})

describe('verifyResendWebhook', () => {
  it('returns the parsed event and the svix-id to dedupe on', () => {
    expect(verifyResendWebhook(signed())).toEqual({
      type: 'email.delivered',
      createdAt: '2027-01-15T08:00:00.000Z',
      data: { emailId: 'em_1', to: ['ana@example.com'] },
      svixId: 'msg_unit_1',
    })
  })

  it('reads a fetch Headers object and headers in any case', () => {
    const input = signed()
    const record = input.headers as Record<string, string>
    expect(verifyResendWebhook({ ...input, headers: new Headers(record) }).type).toBe('email.delivered')
    const upper = Object.fromEntries(Object.entries(record).map(([name, value]) => [name.toUpperCase(), value]))
    expect(verifyResendWebhook({ ...input, headers: upper }).type).toBe('email.delivered')
  })

  it('accepts when any v1 entry matches, ignoring other versions and bad entries', () => {
    const input = signed()
    const good = (input.headers as Record<string, string>)['svix-signature']!
    const others = `v1,${Buffer.alloc(32).toString('base64')} v2,whatever v1, nonsense`
    expect(verifyResendWebhook({ ...input, headers: { ...input.headers, 'svix-signature': `${others} ${good}` } }).type).toBe('email.delivered')
    expect(rejection({ ...input, headers: { ...input.headers, 'svix-signature': others } })).toBe('bad_signature')
    expect(rejection({ ...input, headers: { ...input.headers, 'svix-signature': good.replace('v1,', 'v2,') } })).toBe('bad_signature')
  })

  it('rejects a tampered body, even by one space', () => {
    const input = signed()
    expect(rejection({ ...input, rawBody: BODY.replace('ana@', 'eve@') })).toBe('bad_signature')
    expect(rejection({ ...input, rawBody: `${BODY} ` })).toBe('bad_signature')
  })

  it('rejects a changed svix-id or timestamp (both are signed)', () => {
    const input = signed()
    expect(rejection({ ...input, headers: { ...input.headers, 'svix-id': 'msg_other' } })).toBe('bad_signature')
    expect(rejection({ ...input, headers: { ...input.headers, 'svix-timestamp': String(NOW_SECONDS + 1) } })).toBe('bad_signature')
  })

  it('rejects a wrong secret, an empty one and one that is not base64', () => {
    const input = signed()
    const other = `whsec_${Buffer.from('another-secret-entirely').toString('base64')}`
    expect(rejection({ ...input, secret: other })).toBe('bad_signature')
    expect(rejection({ ...input, secret: '' })).toBe('bad_signature')
    expect(rejection({ ...input, secret: 'whsec_' })).toBe('bad_signature')
    expect(rejection({ ...input, secret: 'whsec_not base64!' })).toBe('bad_signature')
  })

  it('is expired beyond 300 s either way, when the signature itself is good', () => {
    expect(rejection(signed(BODY, NOW_SECONDS - 301))).toBe('expired')
    expect(rejection(signed(BODY, NOW_SECONDS + 301))).toBe('expired')
    expect(verifyResendWebhook(signed(BODY, NOW_SECONDS - 300)).type).toBe('email.delivered')
    expect(verifyResendWebhook(signed(BODY, NOW_SECONDS + 300)).type).toBe('email.delivered')
  })

  it('is a bad signature for a timestamp that is not epoch seconds', () => {
    const input = signed()
    expect(rejection({ ...input, headers: { ...input.headers, 'svix-timestamp': '2027-01-15T08:00:00Z' } })).toBe('bad_signature')
  })

  it('wants all three headers', () => {
    const headers = signed().headers as Record<string, string>
    for (const name of ['svix-id', 'svix-timestamp', 'svix-signature']) {
      expect(rejection({ ...signed(), headers: { ...headers, [name]: undefined } })).toBe('missing_headers')
      expect(rejection({ ...signed(), headers: { ...headers, [name]: '  ' } })).toBe('missing_headers')
    }
    expect(rejection({ ...signed(), headers: { ...headers, 'svix-id': ['a', 'b'] } })).toBe('missing_headers')
  })

  it('is bad_payload for a signed body that is not JSON or not an event', () => {
    expect(rejection(signed('not json'))).toBe('bad_payload')
    expect(rejection(signed('[]'))).toBe('bad_payload')
    expect(rejection(signed(JSON.stringify({ type: 'email.bounced', created_at: 'x', data: {} })))).toBe('bad_payload')
  })

  it('never puts the secret, headers or body in its error', () => {
    const input = signed()
    const error = (() => {
      try {
        verifyResendWebhook({ ...input, rawBody: `${BODY} ` })
      }
      catch (caught) {
        return caught as Error
      }
    })()
    const text = `${error?.message} ${JSON.stringify(error)}`
    expect(text).not.toContain(SECRET.slice(6))
    expect(text).not.toContain('ana@example.com')
    expect(text).not.toContain((input.headers as Record<string, string>)['svix-signature']!.slice(3))
  })
})

describe('signResendWebhook', () => {
  it('refuses a secret it cannot decode', () => {
    expect(() => signResendWebhook('whsec_', 'msg', 1, '{}')).toThrow(TypeError)
  })
})
