import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { DOCUMENTED_FAILURE_ANSWER, DOCUMENTED_SUCCESS_ANSWER } from './fixtures/siteverify-answers'
import { verifyTurnstileToken } from './verify-turnstile-token'

// What happens when siteverify misbehaves: tiny local servers answer exactly what each case needs.
const SECRET = '0x4AAAAAAAFakeSecretDoNotLog_9f3c'
const TOKEN = '0.fake.token-for-transport-tests'

const servers: Server[] = []
afterEach(closeStubs)

async function stub(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/turnstile/v0/siteverify`
}

function answering(status: number, body: string, contentType = 'application/json') {
  return stub((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(status, { 'content-type': contentType })
      res.end(body)
    })
  })
}

describe('Cloudflare answers', () => {
  it('reads the documented success answer', async () => {
    const verifyUrl = await answering(200, DOCUMENTED_SUCCESS_ANSWER)
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl, expectedHostname: 'example.com', expectedAction: 'login' }))
      .resolves.toEqual({ ok: true, hostname: 'example.com', action: 'login' })
  })

  it('reads the documented failure answer', async () => {
    const verifyUrl = await answering(200, DOCUMENTED_FAILURE_ANSWER)
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl }))
      .resolves.toEqual({ ok: false, reason: 'invalid', errorCodes: ['invalid-input-response'] })
  })

  it.each([
    [['internal-error'], 'unavailable'],
    [['missing-input-secret'], 'unavailable'],
    [['invalid-input-secret'], 'unavailable'],
    [['bad-request'], 'unavailable'],
    [['missing-input-response'], 'missing'],
    [['invalid-input-response'], 'invalid'],
    [['timeout-or-duplicate'], 'expired_or_duplicate'],
    [['invalid-input-response', 'internal-error'], 'unavailable'],
    [['some-future-code'], 'invalid'],
    [[], 'invalid'],
  ])('error-codes %j → %s', async (errorCodes, reason) => {
    const verifyUrl = await answering(200, JSON.stringify({ 'success': false, 'error-codes': errorCodes }))
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl })).resolves.toEqual({ ok: false, reason, errorCodes })
  })

  it('a 5xx is unavailable, even when its body looks like a success', async () => {
    const verifyUrl = await answering(503, DOCUMENTED_SUCCESS_ANSWER)
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl })).resolves.toMatchObject({ ok: false, reason: 'unavailable' })
  })

  it('a success under a 4xx is not trusted', async () => {
    const verifyUrl = await answering(400, DOCUMENTED_SUCCESS_ANSWER)
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl })).resolves.toMatchObject({ ok: false, reason: 'unavailable' })
  })

  it.each([
    ['HTML', '<html>Bad gateway</html>', 'text/html'],
    ['truncated JSON', '{"success":tr', 'application/json'],
    ['JSON of another shape', '{"ok":true}', 'application/json'],
    ['an empty body', '', 'application/json'],
  ])('%s is unavailable', async (_label, body, contentType) => {
    const verifyUrl = await answering(200, body, contentType)
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl })).resolves.toEqual({ ok: false, reason: 'unavailable', errorCodes: [] })
  })
})

describe('network failures', () => {
  it('an unreachable URL is unavailable', async () => {
    const verifyUrl = await answering(200, DOCUMENTED_SUCCESS_ANSWER)
    await closeStubs()
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl })).resolves.toEqual({ ok: false, reason: 'unavailable', errorCodes: [] })
  })

  it('a URL that is not one is unavailable', async () => {
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl: 'not a url' })).resolves.toMatchObject({ reason: 'unavailable' })
  })

  it('a server that never answers is unavailable within timeoutMs', async () => {
    const verifyUrl = await stub(req => req.resume())
    const started = performance.now()
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl, timeoutMs: 200 })).resolves.toEqual({ ok: false, reason: 'unavailable', errorCodes: [] })
    expect(performance.now() - started).toBeLessThan(1500)
  })

  it('a server that stalls mid-body is unavailable within timeoutMs', async () => {
    const verifyUrl = await stub((req, res) => {
      req.resume()
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"success":')
    })
    const started = performance.now()
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl, timeoutMs: 200 })).resolves.toMatchObject({ reason: 'unavailable' })
    expect(performance.now() - started).toBeLessThan(1500)
  })

  it('does not follow a redirect, so the secret goes nowhere else', async () => {
    let elsewhereHits = 0
    const elsewhere = await stub((req, res) => {
      elsewhereHits += 1
      res.end(DOCUMENTED_SUCCESS_ANSWER)
    })
    const verifyUrl = await stub((req, res) => {
      req.resume()
      res.writeHead(307, { location: elsewhere })
      res.end()
    })
    await expect(verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl })).resolves.toMatchObject({ reason: 'unavailable' })
    expect(elsewhereHits).toBe(0)
  })
})

describe('the secret', () => {
  it('never appears in a result, even from a server that echoes it', async () => {
    const verifyUrl = await answering(200, JSON.stringify({ 'success': false, 'error-codes': [SECRET, 'invalid-input-response', `x-${SECRET}`] }))
    const results = [
      await verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl }),
      await verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl: `http://user:${SECRET}@127.0.0.1:1/` }),
      await verifyTurnstileToken({ secret: SECRET, token: TOKEN, verifyUrl: 'http://127.0.0.1:1/', timeoutMs: -1 }),
    ]
    expect(results[0]).toEqual({ ok: false, reason: 'invalid', errorCodes: ['invalid-input-response'] })
    for (const result of results) {
      expect(JSON.stringify(result)).not.toContain(SECRET)
      expect(inspect(result, { depth: 10 })).not.toContain(SECRET)
    }
  })
})

async function closeStubs(): Promise<void> {
  await Promise.all(servers.splice(0).map(server => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })))
}
