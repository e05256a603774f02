import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Resend } from 'resend'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type FakeResend, startFakeResend } from './fake-server'
import { fetchReceivedEmail } from './fetch-received-email'
import {
  FAKE_RESEND_EVENTS_PATH,
  FAKE_RESEND_RECEIVE_PATH,
  FAKE_RESEND_SENT_PATH,
  fakeResendEvent,
  fakeResendReceive,
  fakeResendReplay,
  fakeResendSent,
} from './testing'
import { verifyResendWebhook } from './verify-resend-webhook'

const API_KEY = 're_test_fake_control_1a2b3c'
const WEBHOOK_SECRET = `whsec_${Buffer.from('fake-resend-control-secret-32byt').toString('base64')}`

/** Our webhook route as a test stands it up: every delivery checked with verifyResendWebhook. */
let hits: Array<{ headers: IncomingHttpHeaders, rawBody: string }>
let receiverUrl: string
let receiver: Server
let fake: FakeResend

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      hits.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') })
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/resend`
  fake = await startFakeResend({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET })
})
afterAll(async () => {
  await fake.close()
  await new Promise<void>((resolve) => {
    receiver.close(() => resolve())
    receiver.closeAllConnections()
  })
})
beforeEach(() => {
  hits = []
})

const verifiedHit = (index = -1) => {
  const hit = hits.at(index)
  if (hit === undefined) throw new Error('no webhook arrived')
  return verifyResendWebhook({ secret: WEBHOOK_SECRET, rawBody: hit.rawBody, headers: hit.headers })
}

describe('the fake Resend over HTTP', () => {
  it('receives an email through /_fake/receive: a signed email.received arrives and its body is served', async () => {
    const result = await fakeResendReceive(fake.baseUrl, {
      webhookUrl: receiverUrl,
      from: 'Ana López <ana@example.com>',
      to: 'reply+b_42@in.shop.test',
      subject: 'Re: Your booking',
      text: 'Yes, 10:00 works.',
      inReplyTo: '<sent-1@shop.test>',
    })
    expect(result).toEqual({ emailId: expect.any(String), status: 200, text: 'ok' })
    expect(verifiedHit()).toMatchObject({ type: 'email.received', data: { emailId: result.emailId, from: 'Ana López <ana@example.com>', to: ['reply+b_42@in.shop.test'] } })
    const email = await fetchReceivedEmail({ apiKey: API_KEY, baseUrl: fake.baseUrl }, result.emailId)
    expect(email).toMatchObject({ text: 'Yes, 10:00 works.', inReplyTo: '<sent-1@shop.test>', references: ['<sent-1@shop.test>'] })
  })

  it('lists an email sent through the SDK at /_fake/sent, headers included, then emits its delivery event', async () => {
    const sdk = new Resend(API_KEY, { baseUrl: fake.baseUrl })
    const { data } = await sdk.emails.send({
      from: 'Shop <no-reply@shop.test>',
      to: 'ana@example.com',
      subject: 'Re: Your booking',
      text: 'See you at 10:00.',
      headers: { 'In-Reply-To': '<CAF=reply@mail.gmail.com>' },
    })
    const sent = await fakeResendSent(fake.baseUrl)
    expect(sent.at(-1)).toEqual({ id: data!.id, body: expect.objectContaining({ to: 'ana@example.com', subject: 'Re: Your booking', headers: { 'In-Reply-To': '<CAF=reply@mail.gmail.com>' } }) })

    const event = await fakeResendEvent(fake.baseUrl, { webhookUrl: receiverUrl, type: 'email.delivered', emailId: data!.id })
    expect(event).toEqual({ svixId: expect.stringMatching(/^msg_/), status: 200, text: 'ok' })
    expect(verifiedHit()).toMatchObject({ type: 'email.delivered', svixId: event.svixId, data: { emailId: data!.id, to: ['ana@example.com'] } })
  })

  it('replays the last webhook with the same svix-id through /_fake/replay', async () => {
    await fakeResendReceive(fake.baseUrl, { webhookUrl: receiverUrl, from: 'ana@example.com', to: 'a@in.shop.test', subject: 'Hi', text: 'Hello' })
    const replay = await fakeResendReplay(fake.baseUrl, { webhookUrl: receiverUrl })
    expect(replay).toMatchObject({ type: 'email.received', status: 200, svixId: verifiedHit(0).svixId })
    expect(verifiedHit(1)).toEqual(verifiedHit(0))
  })

  it('needs no API key and keeps its own calls out of the API request log', async () => {
    const before = fake.requests.length
    const response = await fetch(`${fake.baseUrl}${FAKE_RESEND_SENT_PATH}`)
    expect(response.status).toBe(200)
    expect(fake.requests).toHaveLength(before)
  })

  it('answers bad input with 400 and field messages, and the helpers throw with status and body', async () => {
    const post = (path: string, body: string) => fetch(`${fake.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const missing = await post(FAKE_RESEND_RECEIVE_PATH, JSON.stringify({ webhookUrl: receiverUrl, from: 'ana@example.com', subject: 'Hi' }))
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ error: 'invalid_body', fields: { to: expect.any(String), text: expect.any(String) } })
    expect((await post(FAKE_RESEND_RECEIVE_PATH, '{')).status).toBe(400)
    expect(await (await post(FAKE_RESEND_EVENTS_PATH, JSON.stringify({ webhookUrl: receiverUrl, type: 'email.opened', emailId: 'x' }))).json()).toMatchObject({ fields: { type: expect.any(String) } })
    // The fake was started without a default webhook URL.
    await expect(fakeResendReceive(fake.baseUrl, { from: 'a@x.test', to: 'b@x.test', subject: 's', text: 't' })).rejects.toThrow(/answered 400: .*webhookUrl/)
    await expect(fakeResendEvent(fake.baseUrl, { webhookUrl: receiverUrl, type: 'email.bounced', emailId: 'never-sent' })).rejects.toThrow(/answered 404: .*emailId/)
    await expect(fakeResendReplay(fake.baseUrl, { svixId: 'msg_unknown' })).rejects.toThrow(/answered 404/)
    expect((await fetch(`${fake.baseUrl}${FAKE_RESEND_RECEIVE_PATH}`)).status).toBe(405)
    expect((await fetch(`${fake.baseUrl}/_fake/nothing`)).status).toBe(404)
    expect(hits).toHaveLength(0)
  })
})
