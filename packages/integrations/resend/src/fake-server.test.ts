import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Resend } from 'resend'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type FakeResend, startFakeResend } from './fake-server'
import { fetchReceivedEmail } from './fetch-received-email'
import { ResendApiError } from './resend-api-error'
import { verifyResendWebhook } from './verify-resend-webhook'

const API_KEY = 're_test_fake_9f8e7d6c5b4a'
const WEBHOOK_SECRET = `whsec_${Buffer.from('fake-resend-webhook-secret-32byt').toString('base64')}`

/** A tiny app on 127.0.0.1 that records every webhook raw and answers with `nextStatus`. */
interface Receiver { url: string, hits: Array<{ headers: IncomingHttpHeaders, rawBody: string }>, nextStatus: number, server: Server }
async function startReceiver(): Promise<Receiver> {
  const receiver = { hits: [], nextStatus: 200 } as unknown as Receiver
  receiver.server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      receiver.hits.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') })
      response.writeHead(receiver.nextStatus, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise<void>(resolve => receiver.server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/webhooks/resend`
  return receiver
}

let fake: FakeResend
let receiver: Receiver
let sdk: Resend

beforeAll(async () => {
  receiver = await startReceiver()
  fake = await startFakeResend({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET })
  sdk = new Resend(API_KEY, { baseUrl: fake.baseUrl })
})
afterAll(async () => {
  await fake.close()
  await new Promise<void>((resolve) => {
    receiver.server.close(() => resolve())
    receiver.server.closeAllConnections()
  })
})
beforeEach(() => {
  receiver.hits.length = 0
  receiver.nextStatus = 200
})

function lastHit() {
  const hit = receiver.hits.at(-1)
  if (hit === undefined) throw new Error('no webhook arrived')
  return hit
}

describe('receiveEmail + fetchReceivedEmail', () => {
  it('POSTs a signed email.received with metadata only, then serves its body and thread headers', async () => {
    const result = await fake.receiveEmail({
      webhookUrl: receiver.url,
      from: 'Ana López <ana@example.com>',
      to: 'reply+b_42@in.shop.test',
      subject: 'Re: Your booking',
      text: 'Yes, 10:00 works.\n\nOn Mon, Jan 15, 2027 Shop <no-reply@shop.test> wrote:\n> Confirmed',
      html: '<p>Yes, 10:00 works.</p>',
      inReplyTo: '<sent-1@shop.test>',
      references: ['<first@shop.test>', '<sent-1@shop.test>'],
      messageId: '<CAF=reply@mail.gmail.com>',
    })
    expect(result).toEqual({ emailId: expect.any(String), status: 200, text: 'ok' })

    const hit = lastHit()
    expect(hit.rawBody).not.toContain('10:00 works')
    const event = verifyResendWebhook({ secret: WEBHOOK_SECRET, rawBody: hit.rawBody, headers: hit.headers })
    expect(event).toMatchObject({
      type: 'email.received',
      svixId: hit.headers['svix-id'],
      data: { emailId: result.emailId, from: 'Ana López <ana@example.com>', to: ['reply+b_42@in.shop.test'], receivedFor: ['reply+b_42@in.shop.test'], subject: 'Re: Your booking', messageId: '<CAF=reply@mail.gmail.com>', attachments: [] },
    })

    const email = await fetchReceivedEmail({ apiKey: API_KEY, baseUrl: fake.baseUrl }, result.emailId)
    expect(email).toEqual({
      text: 'Yes, 10:00 works.\n\nOn Mon, Jan 15, 2027 Shop <no-reply@shop.test> wrote:\n> Confirmed',
      html: '<p>Yes, 10:00 works.</p>',
      headers: expect.objectContaining({ 'message-id': '<CAF=reply@mail.gmail.com>', 'in-reply-to': '<sent-1@shop.test>', 'references': '<first@shop.test> <sent-1@shop.test>' }),
      messageId: '<CAF=reply@mail.gmail.com>',
      inReplyTo: '<sent-1@shop.test>',
      references: ['<first@shop.test>', '<sent-1@shop.test>'],
      replyTo: [],
    })
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/emails/receiving/${result.emailId}` })
  })

  it('signs so that the SDK\'s own resend.webhooks.verify accepts it', async () => {
    await fake.receiveEmail({ webhookUrl: receiver.url, from: 'ana@example.com', to: ['a@in.shop.test'], subject: 'Hi', text: 'Hello' })
    const hit = lastHit()
    const payload = sdk.webhooks.verify({
      payload: hit.rawBody,
      headers: { id: String(hit.headers['svix-id']), timestamp: String(hit.headers['svix-timestamp']), signature: String(hit.headers['svix-signature']) },
      webhookSecret: WEBHOOK_SECRET,
    })
    expect(payload).toMatchObject({ type: 'email.received', data: { from: 'ana@example.com' } })
  })

  it('reports what the endpoint answered, e.g. a 400 for a rejected delivery', async () => {
    receiver.nextStatus = 400
    const result = await fake.receiveEmail({ webhookUrl: receiver.url, from: 'ana@example.com', to: 'a@in.shop.test', subject: 'Hi', text: 'Hello' })
    expect(result.status).toBe(400)
    expect(fake.deliveries.at(-1)).toMatchObject({ type: 'email.received', status: 400 })
  })

  it('gives a new email no In-Reply-To and a generated Message-ID', async () => {
    const { emailId } = await fake.receiveEmail({ webhookUrl: receiver.url, from: 'ana@example.com', to: 'a@in.shop.test', subject: 'Hi', text: 'Hello' })
    const email = await fetchReceivedEmail({ apiKey: API_KEY, baseUrl: fake.baseUrl }, emailId)
    expect(email).toMatchObject({ inReplyTo: null, references: [], html: null, messageId: expect.stringMatching(/^<.+@fake-resend\.test>$/) })
  })
})

describe('fetchReceivedEmail errors', () => {
  async function failure(promise: Promise<unknown>): Promise<ResendApiError> {
    const error = await promise.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResendApiError)
    return error as ResendApiError
  }

  it('is a 404 not_found for an id Resend does not know', async () => {
    const error = await failure(fetchReceivedEmail({ apiKey: API_KEY, baseUrl: fake.baseUrl }, '00000000-0000-0000-0000-000000000000'))
    expect(error).toMatchObject({ statusCode: 404, code: 'not_found' })
  })

  it('is a 403 invalid_api_key for a wrong key, without repeating it', async () => {
    const wrongKey = 're_wrong_key_should_not_leak'
    const error = await failure(fetchReceivedEmail({ apiKey: wrongKey, baseUrl: fake.baseUrl }, 'abc'))
    expect(error).toMatchObject({ statusCode: 403, code: 'invalid_api_key' })
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(wrongKey)
  })

  it('refuses an empty key or an id that is not an id before any request', async () => {
    const before = fake.requests.length
    expect(await failure(fetchReceivedEmail({ apiKey: '', baseUrl: fake.baseUrl }, 'abc'))).toMatchObject({ code: 'missing_api_key' })
    expect(await failure(fetchReceivedEmail({ apiKey: API_KEY, baseUrl: fake.baseUrl }, '../emails'))).toMatchObject({ code: 'invalid_parameter' })
    expect(fake.requests.length).toBe(before)
  })

  it('is an error with no status when Resend cannot be reached', async () => {
    const closed = await startFakeResend({ apiKey: API_KEY })
    await closed.close()
    const error = await failure(fetchReceivedEmail({ apiKey: API_KEY, baseUrl: closed.baseUrl }, 'abc'))
    expect(error.statusCode).toBeUndefined()
    expect(error.message).toBe('Resend fetch received email failed: could not reach Resend application_error')
  })

  it('is bad_response for an answer of the wrong shape, and never echoes its text', async () => {
    const odd = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 42, html: 'secret body <b>x</b>' }))
    })
    await new Promise<void>(resolve => odd.listen(0, '127.0.0.1', resolve))
    try {
      const error = await failure(fetchReceivedEmail({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${(odd.address() as AddressInfo).port}` }, 'abc'))
      expect(error).toMatchObject({ statusCode: undefined, code: 'bad_response' })
      expect(error.message).not.toContain('secret body')
    }
    finally {
      await new Promise<void>(resolve => odd.close(() => resolve()))
    }
  })
})

describe('POST /emails and delivery events', () => {
  it('answers the SDK with an id, then emits signed delivered, bounced and complained events to its recipients', async () => {
    const sentResult = await sdk.emails.send({ from: 'Shop <no-reply@shop.test>', to: ['ana@example.com', 'luis@example.com'], subject: 'Your booking', text: 'Confirmed' })
    const emailId = sentResult.data!.id
    expect(fake.sent.at(-1)).toEqual({ id: emailId, body: expect.objectContaining({ subject: 'Your booking' }) })

    for (const type of ['email.delivered', 'email.bounced', 'email.complained'] as const) {
      const emitted = await fake.emitEvent({ webhookUrl: receiver.url, type, emailId })
      expect(emitted).toEqual({ svixId: lastHit().headers['svix-id'], status: 200, text: 'ok' })
      const event = verifyResendWebhook({ secret: WEBHOOK_SECRET, rawBody: lastHit().rawBody, headers: lastHit().headers })
      expect(event).toMatchObject({ type, data: { emailId, to: ['ana@example.com', 'luis@example.com'] } })
    }
    expect(verifyResendWebhook({ secret: WEBHOOK_SECRET, rawBody: receiver.hits[1]!.rawBody, headers: receiver.hits[1]!.headers }))
      .toMatchObject({ data: { bounce: { type: 'Permanent', subType: 'General' } } })
  })

  it('refuses to emit for an email it never sent', async () => {
    await expect(fake.emitEvent({ webhookUrl: receiver.url, type: 'email.delivered', emailId: 'nope' })).rejects.toThrow(/never answered/)
  })

  it('re-POSTs a delivery with the same svix-id and body, freshly signed, so a handler can dedupe', async () => {
    const { emailId } = await fake.receiveEmail({ webhookUrl: receiver.url, from: 'ana@example.com', to: 'a@in.shop.test', subject: 'Hi', text: 'Hello' })
    const first = lastHit()
    const again = await fake.resendWebhook(String(first.headers['svix-id']), receiver.url)
    const second = lastHit()
    expect(receiver.hits).toHaveLength(2)
    expect(again.svixId).toBe(first.headers['svix-id'])
    expect(second.headers['svix-id']).toBe(first.headers['svix-id'])
    expect(second.rawBody).toBe(first.rawBody)
    const events = [first, second].map(hit => verifyResendWebhook({ secret: WEBHOOK_SECRET, rawBody: hit.rawBody, headers: hit.headers }))
    expect(events[1]).toEqual(events[0])
    expect(events[0]).toMatchObject({ data: { emailId } })
  })

  it('signs any other event type, which verifies as other', async () => {
    await fake.sendEvent({ webhookUrl: receiver.url, type: 'email.opened', data: { email_id: 'x' } })
    expect(verifyResendWebhook({ secret: WEBHOOK_SECRET, rawBody: lastHit().rawBody, headers: lastHit().headers }))
      .toMatchObject({ type: 'other', rawType: 'email.opened' })
  })

  it('uses the webhookUrl given at start when a call names none', async () => {
    const withDefault = await startFakeResend({ apiKey: API_KEY, webhookUrl: receiver.url })
    try {
      await withDefault.sendEvent({ type: 'email.opened', data: {} })
      expect(verifyResendWebhook({ secret: withDefault.webhookSecret, rawBody: lastHit().rawBody, headers: lastHit().headers }).type).toBe('other')
      await expect(fake.sendEvent({ type: 'email.opened', data: {} })).rejects.toThrow(/no webhookUrl/)
    }
    finally {
      await withDefault.close()
    }
  })
})

describe('idempotency keys on POST /emails', () => {
  const email = { from: 'Shop <no-reply@shop.test>', to: 'ana@example.com', subject: 'S', text: 'T' }

  it('answers the same key and payload with the first id, and sends once', async () => {
    const before = fake.sent.length
    const first = await sdk.emails.send(email, { idempotencyKey: 'outbox-1' })
    const second = await sdk.emails.send(email, { idempotencyKey: 'outbox-1' })
    expect(second.data?.id).toBe(first.data?.id)
    expect(fake.sent.length).toBe(before + 1)
  })

  it('is a 409 invalid_idempotent_request for the same key with another payload', async () => {
    await sdk.emails.send(email, { idempotencyKey: 'outbox-2' })
    const conflict = await sdk.emails.send({ ...email, subject: 'Other' }, { idempotencyKey: 'outbox-2' })
    expect(conflict.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' })
  })

  it('is a 400 invalid_idempotency_key past 256 characters', async () => {
    const result = await sdk.emails.send(email, { idempotencyKey: 'k'.repeat(257) })
    expect(result.error).toMatchObject({ statusCode: 400, name: 'invalid_idempotency_key' })
  })

  it('keeps the old fake\'s errors: 401 without a key, 404 elsewhere, 422 for a missing field, failNext', async () => {
    const missing = await fetch(`${fake.baseUrl}/emails`, { method: 'POST', body: '{}' })
    expect(await missing.json()).toEqual({ statusCode: 401, name: 'missing_api_key', message: expect.any(String) })
    const unknown = await fetch(`${fake.baseUrl}/domains`, { headers: { authorization: `Bearer ${API_KEY}` } })
    expect(unknown.status).toBe(404)
    expect((await sdk.emails.send({ ...email, subject: '' })).error).toMatchObject({ statusCode: 422, name: 'missing_required_field' })
    fake.failNext({ statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests' })
    expect((await sdk.emails.send(email)).error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' })
    expect((await sdk.emails.send(email)).error).toBeNull()
  })
})
