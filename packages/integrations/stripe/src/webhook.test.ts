import { describe, expect, it } from 'vitest'
import { STRIPE_SIGNATURE_VECTOR as VECTOR } from './fixtures/vectors'
import { signStripeWebhook, verifyStripeWebhook } from './webhook'

const SECRET = 'whsec_unit_test_secret'
const NOW = new Date(1_800_000_000_000)
const NOW_SECONDS = 1_800_000_000

function eventBody(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'evt_1',
    object: 'event',
    api_version: '2026-07-29.dahlia',
    created: NOW_SECONDS - 5,
    livemode: false,
    type: 'checkout.session.completed',
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: 'cs_test_1', object: 'checkout.session', payment_status: 'paid' } },
    ...overrides,
  }, null, 2)
}

describe('signStripeWebhook', () => {
  it('reproduces the verified vector with the SDK helper', () => {
    expect(signStripeWebhook(VECTOR.rawBody, VECTOR.secret, VECTOR.timestamp)).toBe(VECTOR.header)
  })
})

describe('verifyStripeWebhook on the vector', () => {
  const at = (age: number) => ({ now: new Date((VECTOR.timestamp + age) * 1000) })

  it('passes the signature and the clock at age 299 (the body is not a full event, so bad_payload)', () => {
    expect(verifyStripeWebhook(VECTOR.rawBody, VECTOR.header, VECTOR.secret, at(299))).toEqual({ valid: false, reason: 'bad_payload' })
  })

  it('is stale at age 301', () => {
    expect(verifyStripeWebhook(VECTOR.rawBody, VECTOR.header, VECTOR.secret, at(301))).toEqual({ valid: false, reason: 'stale' })
  })

  it('is stale an hour in the future, which the SDK alone would accept', () => {
    expect(verifyStripeWebhook(VECTOR.rawBody, VECTOR.header, VECTOR.secret, at(-3600))).toEqual({ valid: false, reason: 'stale' })
  })

  it('is a bad signature under another secret', () => {
    expect(verifyStripeWebhook(VECTOR.rawBody, VECTOR.header, 'whsec_other', at(0))).toEqual({ valid: false, reason: 'bad_signature' })
  })
})

describe('verifyStripeWebhook', () => {
  it('accepts a signed event and returns its envelope, from a string or a Buffer', () => {
    const body = eventBody()
    const header = signStripeWebhook(body, SECRET, NOW_SECONDS - 10)
    const expected = {
      valid: true,
      event: {
        id: 'evt_1',
        type: 'checkout.session.completed',
        created: NOW_SECONDS - 5,
        livemode: false,
        object: { id: 'cs_test_1', object: 'checkout.session', payment_status: 'paid' },
      },
    }
    expect(verifyStripeWebhook(body, header, SECRET, { now: NOW })).toEqual(expected)
    expect(verifyStripeWebhook(Buffer.from(body, 'utf8'), header, SECRET, { now: NOW })).toEqual(expected)
  })

  it('accepts the header when any v1 signature matches', () => {
    const body = eventBody()
    const good = signStripeWebhook(body, SECRET, NOW_SECONDS)
    const header = `${good.split(',')[0]},v1=${'0'.repeat(64)},${good.split(',')[1]},v0=ignored`
    expect(verifyStripeWebhook(body, header, SECRET, { now: NOW }).valid).toBe(true)
  })

  it('rejects a tampered body, even by one byte of whitespace', () => {
    const body = eventBody()
    const header = signStripeWebhook(body, SECRET, NOW_SECONDS)
    expect(verifyStripeWebhook(body.replace('"paid"', '"unpaid"'), header, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'bad_signature' })
    expect(verifyStripeWebhook(`${body} `, header, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'bad_signature' })
    expect(verifyStripeWebhook(JSON.stringify(JSON.parse(body)), header, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'bad_signature' })
  })

  it('rejects a signature made with another secret', () => {
    const body = eventBody()
    expect(verifyStripeWebhook(body, signStripeWebhook(body, 'whsec_someone_else', NOW_SECONDS), SECRET, { now: NOW }))
      .toEqual({ valid: false, reason: 'bad_signature' })
  })

  it('rejects a timestamp older than 300 s as stale, but not one of exactly 300 s', () => {
    const body = eventBody()
    expect(verifyStripeWebhook(body, signStripeWebhook(body, SECRET, NOW_SECONDS - 301), SECRET, { now: NOW }))
      .toEqual({ valid: false, reason: 'stale' })
    expect(verifyStripeWebhook(body, signStripeWebhook(body, SECRET, NOW_SECONDS - 300), SECRET, { now: NOW }).valid).toBe(true)
  })

  it('honours a custom tolerance', () => {
    const body = eventBody()
    const header = signStripeWebhook(body, SECRET, NOW_SECONDS - 60)
    expect(verifyStripeWebhook(body, header, SECRET, { now: NOW, toleranceSeconds: 30 })).toEqual({ valid: false, reason: 'stale' })
    expect(verifyStripeWebhook(body, header, SECRET, { now: NOW, toleranceSeconds: 90 }).valid).toBe(true)
  })

  it('reports a missing or empty header as missing_signature', () => {
    const body = eventBody()
    expect(verifyStripeWebhook(body, undefined, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'missing_signature' })
    expect(verifyStripeWebhook(body, '', SECRET, { now: NOW })).toEqual({ valid: false, reason: 'missing_signature' })
    expect(verifyStripeWebhook(body, '  ', SECRET, { now: NOW })).toEqual({ valid: false, reason: 'missing_signature' })
  })

  it('reports a header it cannot read as bad_signature', () => {
    const body = eventBody()
    for (const header of ['nonsense', `t=${NOW_SECONDS}`, 'v1=abc', `t=${NOW_SECONDS},v0=abc`, `t=abc,v1=${'a'.repeat(64)}`]) {
      expect(verifyStripeWebhook(body, header, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'bad_signature' })
    }
  })

  it('reports signed bodies that are not a Stripe event as bad_payload', () => {
    const bodies = ['not json', '[1,2]', eventBody({ object: 'list' }), eventBody({ id: 7 }), eventBody({ data: {} }), JSON.stringify({ object: 'v2.core.event', id: 'evt_2' })]
    for (const body of bodies) {
      expect(verifyStripeWebhook(body, signStripeWebhook(body, SECRET, NOW_SECONDS), SECRET, { now: NOW })).toEqual({ valid: false, reason: 'bad_payload' })
    }
    expect(verifyStripeWebhook('', signStripeWebhook('', SECRET, NOW_SECONDS), SECRET, { now: NOW })).toEqual({ valid: false, reason: 'bad_payload' })
  })

  it('never throws on inputs of the wrong type', () => {
    const body = eventBody()
    const header = signStripeWebhook(body, SECRET, NOW_SECONDS)
    const call = (...args: unknown[]) => (verifyStripeWebhook as (...values: unknown[]) => unknown)(...args)
    expect(call({ parsed: true }, header, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'bad_payload' })
    expect(call(body, ['a', 'b'], SECRET, { now: NOW })).toEqual({ valid: false, reason: 'missing_signature' })
    expect(call(body, header, undefined, { now: NOW })).toEqual({ valid: false, reason: 'bad_signature' })
    expect(call(body, header, SECRET, { now: new Date(Number.NaN) })).toEqual({ valid: false, reason: 'stale' })
  })
})
