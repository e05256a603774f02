import { afterAll, describe, expect, inject, it } from 'vitest'
import { findFreePort } from '@flectar/db/embedded'
import { httpRequest, startBuiltApp, waitUntilHealthy, type RunningApp } from './support/apps'
import { adminApi, openE2eDatabase } from './support/accounts'

const port = inject('adminPort')

describe('request protection on the admin API', () => {
  it('refuses an unsafe request from a foreign origin with 403', async () => {
    const body = JSON.stringify({ email: 'someone@example.com', password: 'whatever' })
    const response = await httpRequest(port, 'POST', '/api/auth/sign-in', { 'origin': 'https://evil.example', 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.10' }, body)
    expect(response.status).toBe(403)
    expect(JSON.parse(response.body).error.code).toBe('cross_site_request')
    const crossSite = await httpRequest(port, 'POST', '/api/auth/sign-in', { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.10' }, body)
    expect(crossSite.status).toBe(403)
  })

  it('lets same-origin requests through, with field-level messages for bad input', async () => {
    const response = await adminApi('POST', '/api/auth/sign-in', { body: { email: 'nobody@example.com', password: 'wrong password' }, headers: { 'x-forwarded-for': '203.0.113.11' } })
    expect(response.status).toBe(401)
    expect(JSON.parse(response.body).error.message).toBe('Email or password is incorrect.')
    const invalid = await adminApi('POST', '/api/auth/sign-up', { body: { email: 'not-an-email', password: 'short' }, headers: { 'x-forwarded-for': '203.0.113.11' } })
    expect(invalid.status).toBe(422)
    expect(JSON.parse(invalid.body).error.fields).toMatchObject({
      email: 'Enter a valid email address',
      password: 'Use at least 10 characters',
      name: expect.any(String),
      organizationName: expect.any(String),
    })
  })

  it('answers 413 to a body over 1 MB, declared or streamed', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 'a')
    const declared = await httpRequest(port, 'POST', '/api/auth/sign-up', { 'origin': `http://localhost:${port}`, 'content-type': 'application/json', 'content-length': String(big.length) }, big)
    expect(declared.status).toBe(413)
    const chunked = await httpRequest(port, 'POST', '/api/auth/sign-up', { 'origin': `http://localhost:${port}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big)
    expect(chunked.status).toBe(413)
  })

  it('rate limits sign-in attempts with 429 and Retry-After', async () => {
    const statuses: number[] = []
    let retryAfter: string | string[] | undefined
    for (let attempt = 0; attempt < 12; attempt++) {
      const response = await adminApi('POST', '/api/auth/sign-in', { body: { email: 'target@example.com', password: `guess ${attempt}` }, headers: { 'x-forwarded-for': '203.0.113.13' } })
      statuses.push(response.status)
      if (response.status === 429) retryAfter = response.headers['retry-after']
    }
    expect(statuses.slice(0, 10).every(status => status === 401)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
    expect(Number(retryAfter)).toBeGreaterThan(0)
    // The same account from another address is limited too: the key is the account as well as the IP.
    const elsewhere = await adminApi('POST', '/api/auth/sign-in', { body: { email: 'target@example.com', password: 'guess' }, headers: { 'x-forwarded-for': '203.0.113.14' } })
    expect(elsewhere.status).toBe(429)
  })

  it('sends security headers and never a 500 for malformed input', async () => {
    const page = await httpRequest(port, 'GET', '/sign-in')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['content-security-policy']).toContain('frame-ancestors \'none\'')
    expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(page.headers['strict-transport-security']).toContain('max-age=')
    const malformed = await httpRequest(port, 'POST', '/api/auth/sign-up', { 'origin': `http://localhost:${port}`, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.15' }, '{"email": nope')
    expect(malformed.status).toBeGreaterThanOrEqual(400)
    expect(malformed.status).toBeLessThan(500)
  })

  it('sets the session cookie HttpOnly, Secure (production) and SameSite=Lax, with a 256-bit token', async () => {
    const database = openE2eDatabase()
    await database.createOwner('cookie@example.com', 'Cookie Co')
    await database.close()
    const response = await adminApi('POST', '/api/auth/sign-in', { body: { email: 'cookie@example.com', password: 'e2e password 123' }, headers: { 'x-forwarded-for': '203.0.113.16' } })
    expect(response.status).toBe(200)
    const setCookie = String(response.headers['set-cookie'])
    expect(setCookie).toMatch(/flectar_session=[\w-]{43};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('Secure')
    expect(setCookie).toContain('SameSite=Lax')
  })
})

// Without TRUST_PROXY the client address is the socket's: every client used to share the
// bucket of "unknown", so ten bad sign-ins from anyone locked everyone out.
describe('rate limits without a trusted proxy', () => {
  const apps: RunningApp[] = []
  afterAll(async () => {
    await Promise.all(apps.map(app => app.stop()))
  })

  it.each(['admin', 'site'] as const)('give each client address of the %s app its own bucket', async (name) => {
    const app = startBuiltApp(name, await findFreePort(), { ...inject('appEnv'), TRUST_PROXY: 'false' })
    apps.push(app)
    await waitUntilHealthy(app)
    const attempt = name === 'admin'
      ? (from: string, round: number) => httpRequest(app.port, 'POST', '/api/auth/sign-in', { 'origin': `http://127.0.0.1:${app.port}`, 'content-type': 'application/json' }, JSON.stringify({ email: `${from}-${round}@example.com`, password: 'not the password' }), { localAddress: from }).then(response => response.status)
      : (from: string) => httpRequest(app.port, 'POST', '/api/v1/projects/demo/bookings', { 'host': `demo.localhost:${app.port}`, 'content-type': 'application/json' }, '{}', { localAddress: from }).then(response => response.status)
    // Different accounts each time, so only the address-based key can run out.
    const first: number[] = []
    for (let round = 0; round < 25; round++) first.push(await attempt('127.0.0.2', round))
    expect(first).toContain(429)
    expect(await attempt('127.0.0.3', 0)).not.toBe(429)
  })
})
