import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TURNSTILE_DUMMY_TOKEN, TURNSTILE_TEST_KEYS } from './constants'
import { type FakeTurnstile, startFakeTurnstile } from './fake-server'
import { DOCUMENTED_SUCCESS_ANSWER } from './fixtures/siteverify-answers'

// The fake on its own, spoken to with plain fetch in each encoding Cloudflare accepts.
const SECRET = '0x4AAAAAAAFakeSecretDoNotLog_9f3c'
const T0 = new Date('2026-03-01T10:00:00.000Z')

let fake: FakeTurnstile
let clock = T0

beforeAll(async () => {
  fake = await startFakeTurnstile({ now: () => clock })
})
afterAll(async () => {
  await fake.close()
})

async function post(body: BodyInit, contentType?: string, url = fake.verifyUrl) {
  const response = await fetch(url, { method: 'POST', body, headers: contentType === undefined ? {} : { 'content-type': contentType } })
  return { status: response.status, contentType: response.headers.get('content-type'), answer: await response.json() as Record<string, unknown> }
}

const json = (fields: Record<string, unknown>) => post(JSON.stringify(fields), 'application/json')

describe('encodings', () => {
  it('answers a JSON request in the documented success shape', async () => {
    const token = fake.issueToken({ hostname: 'shop.example', action: 'booking' })
    const { status, contentType, answer } = await json({ secret: SECRET, response: token })
    expect(status).toBe(200)
    expect(contentType).toBe('application/json')
    expect(Object.keys(answer)).toEqual(Object.keys(JSON.parse(DOCUMENTED_SUCCESS_ANSWER) as object))
    expect(answer).toEqual({ 'success': true, 'challenge_ts': T0.toISOString(), 'hostname': 'shop.example', 'error-codes': [], 'action': 'booking', 'cdata': '' })
  })

  it('answers a form-encoded request', async () => {
    const { answer } = await post(new URLSearchParams({ secret: TURNSTILE_TEST_KEYS.secretPasses, response: TURNSTILE_DUMMY_TOKEN }))
    expect(answer).toMatchObject({ success: true, hostname: 'example.com' })
    expect(fake.requests.at(-1)).toMatchObject({ encoding: 'form', response: TURNSTILE_DUMMY_TOKEN, status: 200 })
  })

  it('answers multipart FormData, as Cloudflare\'s Workers examples send it', async () => {
    const form = new FormData()
    form.set('secret', TURNSTILE_TEST_KEYS.secretFails)
    form.set('response', TURNSTILE_DUMMY_TOKEN)
    const { answer } = await post(form)
    expect(answer).toEqual({ 'success': false, 'error-codes': ['invalid-input-response'] })
    expect(fake.requests.at(-1)).toMatchObject({ encoding: 'multipart' })
  })

  it('records idempotency_key and remoteip from JSON', async () => {
    await json({ secret: SECRET, response: fake.issueToken(), remoteip: '198.51.100.4', idempotency_key: 'k-1' })
    expect(fake.requests.at(-1)).toMatchObject({ encoding: 'json', remoteip: '198.51.100.4', idempotencyKey: 'k-1' })
  })
})

describe('verification rules', () => {
  it('3x answers timeout-or-duplicate for any token', async () => {
    await expect(json({ secret: TURNSTILE_TEST_KEYS.secretSpent, response: 'anything' })).resolves.toMatchObject({ answer: { 'success': false, 'error-codes': ['timeout-or-duplicate'] } })
  })

  it('reports missing secret and missing response', async () => {
    expect((await json({ response: 'x' })).answer).toEqual({ 'success': false, 'error-codes': ['missing-input-secret'] })
    expect((await json({ secret: SECRET, response: '' })).answer).toEqual({ 'success': false, 'error-codes': ['missing-input-response'] })
    expect((await json({})).answer).toEqual({ 'success': false, 'error-codes': ['missing-input-secret', 'missing-input-response'] })
  })

  it('an idempotent retry replays the first answer, in any encoding', async () => {
    const token = fake.issueToken()
    const first = await json({ secret: SECRET, response: token, idempotency_key: 'k-2' })
    clock = new Date(T0.getTime() + 400_000)
    const retry = await post(new URLSearchParams({ secret: SECRET, response: token, idempotency_key: 'k-2' }))
    const other = await json({ secret: SECRET, response: token, idempotency_key: 'k-3' })
    clock = T0
    expect(first.answer.success).toBe(true)
    expect(retry.answer).toEqual(first.answer)
    expect(other.answer).toEqual({ 'success': false, 'error-codes': ['timeout-or-duplicate'] })
  })

  it('an expired token fails and stays unredeemed', async () => {
    const token = fake.issueToken()
    clock = new Date(T0.getTime() + 300_001)
    const expired = await json({ secret: SECRET, response: token })
    clock = T0
    expect(expired.answer).toEqual({ 'success': false, 'error-codes': ['timeout-or-duplicate'] })
  })
})

describe('bad requests', () => {
  it.each([
    ['invalid JSON', '{"secret":', 'application/json'],
    ['a JSON array', '["secret"]', 'application/json'],
    ['a non-string field', JSON.stringify({ secret: SECRET, response: 42 }), 'application/json'],
    ['plain text', 'secret=x&response=y', 'text/plain'],
    ['no content type', 'secret=x&response=y', undefined],
    ['an oversized body', `secret=x&response=${'y'.repeat(70_000)}`, 'application/x-www-form-urlencoded'],
  ])('%s is bad-request', async (_label, body, contentType) => {
    const blob = contentType === undefined ? new Blob([body]) : body
    await expect(post(blob, contentType)).resolves.toEqual({ status: 400, contentType: 'application/json', answer: { 'success': false, 'error-codes': ['bad-request'] } })
  })

  it('a file instead of a field is bad-request', async () => {
    const form = new FormData()
    form.set('secret', SECRET)
    form.set('response', new Blob(['token']), 'token.txt')
    await expect(post(form)).resolves.toMatchObject({ status: 400, answer: { 'error-codes': ['bad-request'] } })
  })

  it('only POST on the siteverify path, always answered in JSON', async () => {
    const get = await fetch(fake.verifyUrl)
    expect([get.status, get.headers.get('content-type'), await get.json()]).toEqual([405, 'application/json', { 'success': false, 'error-codes': ['bad-request'] }])
    const elsewhere = await post(new URLSearchParams({ secret: SECRET }), undefined, new URL('/turnstile/v1/siteverify', fake.verifyUrl).href)
    expect(elsewhere).toMatchObject({ status: 404, contentType: 'application/json' })
  })
})
