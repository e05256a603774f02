import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TURNSTILE_DUMMY_TOKEN, TURNSTILE_TEST_KEYS } from './constants'
import { type FakeTurnstile, startFakeTurnstile } from './fake-server'
import { verifyTurnstileToken, type VerifyTurnstileTokenOptions } from './verify-turnstile-token'

// Shaped like a real secret (0x4AAA…) so it is not one of Cloudflare's test keys.
const SECRET = '0x4AAAAAAAFakeSecretDoNotLog_9f3c'
const T0 = new Date('2026-03-01T10:00:00.000Z')

let fake: FakeTurnstile
let clock: Date

beforeAll(async () => {
  fake = await startFakeTurnstile({ now: () => clock })
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  clock = T0
})

function verify(options: Partial<VerifyTurnstileTokenOptions> & Pick<VerifyTurnstileTokenOptions, 'token'>) {
  return verifyTurnstileToken({ secret: SECRET, verifyUrl: fake.verifyUrl, ...options })
}

function later(ms: number): Date {
  return new Date(T0.getTime() + ms)
}

describe('Cloudflare test secrets', () => {
  it('1x passes the dummy token, on example.com with no action', async () => {
    await expect(verify({ secret: TURNSTILE_TEST_KEYS.secretPasses, token: TURNSTILE_DUMMY_TOKEN }))
      .resolves.toEqual({ ok: true, hostname: 'example.com', action: '' })
  })

  it('1x reports the hostname and action a fake token was issued with', async () => {
    const token = fake.issueToken({ hostname: 'shop.example', action: 'booking' })
    await expect(verify({ secret: TURNSTILE_TEST_KEYS.secretPasses, token, expectedHostname: 'shop.example', expectedAction: 'booking' }))
      .resolves.toEqual({ ok: true, hostname: 'shop.example', action: 'booking' })
  })

  it('2x fails as invalid', async () => {
    await expect(verify({ secret: TURNSTILE_TEST_KEYS.secretFails, token: TURNSTILE_DUMMY_TOKEN }))
      .resolves.toEqual({ ok: false, reason: 'invalid', errorCodes: ['invalid-input-response'] })
  })

  it('3x fails as expired or duplicate', async () => {
    await expect(verify({ secret: TURNSTILE_TEST_KEYS.secretSpent, token: TURNSTILE_DUMMY_TOKEN }))
      .resolves.toEqual({ ok: false, reason: 'expired_or_duplicate', errorCodes: ['timeout-or-duplicate'] })
  })
})

describe('missing token', () => {
  it.each([
    ['absent', undefined],
    ['null', null],
    ['empty', ''],
    ['too long', 'x'.repeat(2049)],
  ])('%s is missing, without a call', async (_label, token) => {
    const before = fake.requests.length
    await expect(verify({ token })).resolves.toEqual({ ok: false, reason: 'missing', errorCodes: [] })
    expect(fake.requests).toHaveLength(before)
  })

  it('2048 characters is still sent', async () => {
    const before = fake.requests.length
    await expect(verify({ secret: TURNSTILE_TEST_KEYS.secretPasses, token: 'x'.repeat(2048) })).resolves.toMatchObject({ ok: true })
    expect(fake.requests).toHaveLength(before + 1)
  })

  it('an empty secret is a misconfiguration: unavailable, without a call', async () => {
    const before = fake.requests.length
    await expect(verify({ secret: '', token: fake.issueToken() }))
      .resolves.toEqual({ ok: false, reason: 'unavailable', errorCodes: ['missing-input-secret'] })
    expect(fake.requests).toHaveLength(before)
  })
})

describe('tokens issued by the fake, with a real-looking secret', () => {
  it('sends a form-encoded POST with remoteip and idempotency_key', async () => {
    const token = fake.issueToken()
    await verify({ token, remoteIp: '203.0.113.7', idempotencyKey: 'a6f1c7e2-5b8e-4f1a-9d3c-2f4e6a8b0c1d' })
    expect(fake.requests.at(-1)).toMatchObject({
      encoding: 'form',
      secret: SECRET,
      response: token,
      remoteip: '203.0.113.7',
      idempotencyKey: 'a6f1c7e2-5b8e-4f1a-9d3c-2f4e6a8b0c1d',
    })
  })

  it('redeems a token once; the second check is a duplicate', async () => {
    const token = fake.issueToken({ hostname: 'shop.example' })
    await expect(verify({ token })).resolves.toEqual({ ok: true, hostname: 'shop.example', action: '' })
    await expect(verify({ token })).resolves.toEqual({ ok: false, reason: 'expired_or_duplicate', errorCodes: ['timeout-or-duplicate'] })
  })

  it('a retry with the same idempotency key gets the first answer again; nothing else does', async () => {
    const token = fake.issueToken({ hostname: 'shop.example', action: 'contact' })
    const idempotencyKey = '0e7c3b9a-1d2f-4c5e-8a6b-7f9d1e3c5a2b'
    const first = await verify({ token, idempotencyKey })
    expect(first).toEqual({ ok: true, hostname: 'shop.example', action: 'contact' })
    await expect(verify({ token, idempotencyKey })).resolves.toEqual(first)
    await expect(verify({ token, idempotencyKey: 'ffffffff-1d2f-4c5e-8a6b-7f9d1e3c5a2b' })).resolves.toMatchObject({ reason: 'expired_or_duplicate' })
    await expect(verify({ token })).resolves.toMatchObject({ reason: 'expired_or_duplicate' })
  })

  it('without a key on the first call, no retry is possible', async () => {
    const token = fake.issueToken()
    await verify({ token })
    await expect(verify({ token, idempotencyKey: '0e7c3b9a-1d2f-4c5e-8a6b-000000000000' })).resolves.toMatchObject({ reason: 'expired_or_duplicate' })
  })

  it('a token is valid for 300 s after the challenge, by the injected clock', async () => {
    const fresh = fake.issueToken()
    const stale = fake.issueToken()
    clock = later(300_000)
    await expect(verify({ token: fresh })).resolves.toMatchObject({ ok: true })
    clock = later(300_001)
    await expect(verify({ token: stale })).resolves.toEqual({ ok: false, reason: 'expired_or_duplicate', errorCodes: ['timeout-or-duplicate'] })
  })

  it('an unknown token is invalid', async () => {
    await expect(verify({ token: TURNSTILE_DUMMY_TOKEN })).resolves.toEqual({ ok: false, reason: 'invalid', errorCodes: ['invalid-input-response'] })
  })
})

describe('hostname and action checks', () => {
  it('accepts the expected hostname in any case', async () => {
    const token = fake.issueToken({ hostname: 'shop.example' })
    await expect(verify({ token, expectedHostname: 'Shop.Example' })).resolves.toMatchObject({ ok: true, hostname: 'shop.example' })
  })

  it('refuses a token solved on another hostname', async () => {
    const token = fake.issueToken({ hostname: 'evil.example' })
    await expect(verify({ token, expectedHostname: 'shop.example' })).resolves.toEqual({ ok: false, reason: 'hostname_mismatch', errorCodes: [] })
  })

  it('refuses a token from another widget action', async () => {
    const token = fake.issueToken({ hostname: 'shop.example', action: 'newsletter' })
    await expect(verify({ token, expectedHostname: 'shop.example', expectedAction: 'booking' }))
      .resolves.toEqual({ ok: false, reason: 'action_mismatch', errorCodes: [] })
  })

  it('an expected action refuses a token with none', async () => {
    const token = fake.issueToken()
    await expect(verify({ token, expectedAction: 'booking' })).resolves.toMatchObject({ reason: 'action_mismatch' })
  })
})
