import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { EmailDeliveryError } from '../email-delivery-error'
import { startFakeResendServer, type FakeResendServer } from '../testing'
import { createResendTransport } from './resend-transport'

const apiKey = 're_test_9f8e7d6c5b4a'
const from = 'Flectar Base <no-reply@flectar.test>'

describe('createResendTransport (real resend SDK against a local Resend API)', () => {
  let server: FakeResendServer

  beforeAll(async () => {
    server = await startFakeResendServer({ apiKey })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.requests.length = 0
    server.sent.length = 0
  })

  it('POSTs /emails with the bearer key and the exact JSON body, and returns Resend\'s id', async () => {
    const transport = createResendTransport({ apiKey, baseUrl: server.baseUrl, from })
    const pdf = Buffer.from('%PDF-1.7 fake').toString('base64')
    const result = await transport.send({
      to: 'ana@example.com',
      subject: 'Your invoice',
      text: 'Hello Ana',
      html: '<p>Hello Ana</p>',
      attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', content: pdf }],
      idempotencyKey: 'outbox-row-1',
    })

    expect(transport.name).toBe('resend')
    expect(server.requests).toHaveLength(1)
    const [request] = server.requests
    expect(request).toMatchObject({ method: 'POST', path: '/emails' })
    expect(request!.headers.authorization).toBe(`Bearer ${apiKey}`)
    expect(request!.headers['content-type']).toBe('application/json')
    expect(request!.headers['idempotency-key']).toBe('outbox-row-1')
    expect(request!.body).toEqual({
      from,
      to: 'ana@example.com',
      subject: 'Your invoice',
      text: 'Hello Ana',
      html: '<p>Hello Ana</p>',
      attachments: [{ filename: 'invoice.pdf', content: pdf, content_type: 'application/pdf' }],
    })
    expect(result.providerMessageId).toBe(server.sent[0]!.id)
  })

  it('sends a reply-to address as Resend\'s reply_to', async () => {
    const transport = createResendTransport({ apiKey, baseUrl: server.baseUrl, from })
    await transport.send({ to: 'owner@example.com', replyTo: 'visitor@example.com', subject: 'S', text: 'T' })
    expect(server.requests[0]!.body).toEqual({ from, to: 'owner@example.com', reply_to: 'visitor@example.com', subject: 'S', text: 'T' })
  })

  it('sends text only when there is no html, and a per-message sender over the default', async () => {
    const transport = createResendTransport({ apiKey, baseUrl: server.baseUrl, from })
    await transport.send({ from: 'Acme <hi@acme.test>', to: 'ana@example.com', subject: 'S', text: 'T', html: null, attachments: [] })
    expect(server.requests[0]!.body).toEqual({ from: 'Acme <hi@acme.test>', to: 'ana@example.com', subject: 'S', text: 'T' })
  })

  it('turns a 422 into an EmailDeliveryError without the API key', async () => {
    server.failNext({ statusCode: 422, name: 'validation_error', message: `Invalid \`from\` field (key ${apiKey})` })
    const transport = createResendTransport({ apiKey, baseUrl: server.baseUrl, from })
    const error = await transport.send({ to: 'ana@example.com', subject: 'S', text: 'T' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EmailDeliveryError)
    expect(error).toMatchObject({ provider: 'resend', statusCode: 422, code: 'validation_error' })
    expect((error as Error).message).toContain('Resend rejected the email (422 validation_error)')
    expect((error as Error).message).not.toContain(apiKey)
    expect(JSON.stringify(error)).not.toContain(apiKey)
  })

  it('answers a missing field with Resend\'s 422', async () => {
    const transport = createResendTransport({ apiKey, baseUrl: server.baseUrl, from })
    const error = await transport.send({ to: 'ana@example.com', subject: '', text: 'T' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ statusCode: 422, code: 'missing_required_field' })
  })

  it('turns a wrong key into an EmailDeliveryError that does not repeat it', async () => {
    const wrongKey = 're_wrong_1234567890'
    const transport = createResendTransport({ apiKey: wrongKey, baseUrl: server.baseUrl, from })
    const error = await transport.send({ to: 'ana@example.com', subject: 'S', text: 'T' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ statusCode: 403, code: 'invalid_api_key' })
    expect((error as Error).message).not.toContain(wrongKey)
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${wrongKey}`)
  })

  it('reports an unreachable server as an EmailDeliveryError with no status', async () => {
    const closed = await startFakeResendServer({ apiKey })
    await closed.close()
    const transport = createResendTransport({ apiKey, baseUrl: closed.baseUrl, from })
    const error = await transport.send({ to: 'ana@example.com', subject: 'S', text: 'T' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EmailDeliveryError)
    expect(error).toMatchObject({ statusCode: null })
  })
})

describe('startFakeResendServer', () => {
  it('speaks Resend\'s error shape for a missing key and an unknown route', async () => {
    const server = await startFakeResendServer({ apiKey })
    try {
      const missing = await fetch(`${server.baseUrl}/emails`, { method: 'POST', body: '{}' })
      expect(missing.status).toBe(401)
      expect(await missing.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' })
      const unknown = await fetch(`${server.baseUrl}/domains`, { headers: { authorization: `Bearer ${apiKey}` } })
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toMatchObject({ statusCode: 404, name: 'not_found' })
    }
    finally {
      await server.close()
    }
  })

  it('answers a repeated Idempotency-Key with the first id', async () => {
    const server = await startFakeResendServer({ apiKey })
    try {
      const transport = createResendTransport({ apiKey, baseUrl: server.baseUrl, from })
      const message = { to: 'ana@example.com', subject: 'S', text: 'T', idempotencyKey: 'same' }
      const first = await transport.send(message)
      const second = await transport.send(message)
      expect(second.providerMessageId).toBe(first.providerMessageId)
      expect(server.sent).toHaveLength(1)
    }
    finally {
      await server.close()
    }
  })
})
