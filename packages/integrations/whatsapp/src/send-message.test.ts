import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type FakeWhatsApp, startFakeWhatsApp } from './fake-server'
import { sendWhatsAppTemplate, sendWhatsAppText, type WhatsAppConfig } from './send-message'
import { startWebhookReceiver } from './testing/webhook-receiver'
import { WhatsAppSendError } from './whatsapp-send-error'

const ACCESS_TOKEN = 'EAAG-fake-system-user-token-do-not-log'
const APP_SECRET = 'fake-app-secret'
const PHONE_NUMBER_ID = '106540352242922'
const CUSTOMER = '+34600111222'
const SECRET_TEXT = 'Tu reserva es mañana a las 10:00'

let clock = new Date('2026-05-04T09:00:00Z')
let fake: FakeWhatsApp
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let config: WhatsAppConfig

beforeAll(async () => {
  fake = await startFakeWhatsApp({ accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID, now: () => clock })
  receiver = await startWebhookReceiver({ appSecret: APP_SECRET, verifyToken: 'unused' })
  config = { phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN, apiUrl: fake.apiUrl }
})

afterAll(async () => {
  await fake.close()
  await receiver.close()
})

beforeEach(() => {
  clock = new Date(clock.getTime() + 7 * 24 * 60 * 60 * 1000)
})

async function sendError(call: Promise<unknown>): Promise<WhatsAppSendError> {
  const error = await call.then(() => undefined, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(WhatsAppSendError)
  const sendError = error as WhatsAppSendError
  for (const text of [sendError.message, sendError.stack ?? '', inspect(sendError)]) {
    expect(text).not.toContain(ACCESS_TOKEN)
    expect(text).not.toContain('34600111222')
    expect(text).not.toContain(SECRET_TEXT)
  }
  return sendError
}

describe('sendWhatsAppText', () => {
  it('sends inside the window after an inbound message, as digits, on v23.0', async () => {
    await fake.sendInbound({ url: receiver.url, from: CUSTOMER, text: 'Hola' })
    clock = new Date(clock.getTime() + 23 * 60 * 60 * 1000)
    const { messageId } = await sendWhatsAppText(config, { to: CUSTOMER, body: SECRET_TEXT })
    expect(messageId).toMatch(/^wamid\.[\w+/]+$/)
    expect(fake.sent.at(-1)).toMatchObject({ id: messageId, to: '34600111222', type: 'text', body: SECRET_TEXT })
    const request = fake.requests.at(-1)!
    expect(request.path).toBe(`/v23.0/${PHONE_NUMBER_ID}/messages`)
    expect(request.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '34600111222', type: 'text', text: { preview_url: false, body: SECRET_TEXT } })
  })

  it('is refused outside the window with 131047: permanent, outsideWindow', async () => {
    await fake.sendInbound({ url: receiver.url, from: CUSTOMER, text: 'Hola' })
    clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000)
    const error = await sendError(sendWhatsAppText(config, { to: CUSTOMER, body: SECRET_TEXT }))
    expect(error).toMatchObject({ code: 131047, httpStatus: 400, permanent: true, outsideWindow: true })
    expect(error.fbtraceId).toMatch(/^[\w-]+$/)
  })

  it('is refused to a number that never wrote', async () => {
    const error = await sendError(sendWhatsAppText(config, { to: '34600999888', body: 'Hola' }))
    expect(error.outsideWindow).toBe(true)
  })

  it('uses apiVersion when given', async () => {
    await fake.sendInbound({ url: receiver.url, from: CUSTOMER, text: 'Hola' })
    await sendWhatsAppText({ ...config, apiVersion: 'v21.0' }, { to: '34600111222', body: 'Hola' })
    expect(fake.requests.at(-1)!.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`)
  })

  it('throws a permanent 401 (code 190) for a wrong token, without the token', async () => {
    const error = await sendError(sendWhatsAppText({ ...config, accessToken: `${ACCESS_TOKEN}x` }, { to: CUSTOMER, body: SECRET_TEXT }))
    expect(error).toMatchObject({ code: 190, httpStatus: 401, permanent: true, outsideWindow: false })
    expect(error.message).not.toContain(`${ACCESS_TOKEN}x`)
  })

  it('throws Graph code 100 for another phone number id', async () => {
    const error = await sendError(sendWhatsAppText({ ...config, phoneNumberId: '999' }, { to: CUSTOMER, body: SECRET_TEXT }))
    expect(error).toMatchObject({ code: 100, httpStatus: 400, permanent: true, subcode: 33 })
  })

  it.each([
    ['a name', { to: 'Sheena', body: 'Hola' }],
    ['a number with spaces', { to: '+34 600 111 222', body: 'Hola' }],
    ['an empty body', { to: CUSTOMER, body: '  ' }],
    ['a body over 4096 characters', { to: CUSTOMER, body: 'a'.repeat(4097) }],
  ])('refuses %s before any request, permanently', async (_label, input) => {
    const before = fake.requests.length
    const error = await sendError(sendWhatsAppText(config, input))
    expect(error).toMatchObject({ code: null, httpStatus: 0, permanent: true })
    expect(fake.requests.length).toBe(before)
  })

  it('throws a TypeError for a broken config, without the token', async () => {
    await expect(sendWhatsAppText({ ...config, accessToken: '' }, { to: CUSTOMER, body: 'x' })).rejects.toThrow(TypeError)
    await expect(sendWhatsAppText({ ...config, apiVersion: '23' }, { to: CUSTOMER, body: 'x' })).rejects.toThrow(/apiVersion/)
    await expect(sendWhatsAppText({ ...config, apiUrl: 'ftp://x' }, { to: CUSTOMER, body: 'x' })).rejects.toThrow(/apiUrl/)
  })
})

describe('sendWhatsAppTemplate', () => {
  it('sends outside the window with the documented template body', async () => {
    const { messageId } = await sendWhatsAppTemplate(config, { to: '+34600555444', name: 'booking_reminder', languageCode: 'es', bodyParameters: ['10:00'] })
    expect(fake.sent.at(-1)).toMatchObject({ id: messageId, to: '34600555444', type: 'template', template: { name: 'booking_reminder', languageCode: 'es', bodyParameters: ['10:00'] } })
    expect(fake.requests.at(-1)!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '34600555444',
      type: 'template',
      template: { name: 'booking_reminder', language: { policy: 'deterministic', code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '10:00' }] }] },
    })
  })

  it('sends no components for a template without parameters', async () => {
    await sendWhatsAppTemplate(config, { to: CUSTOMER, name: 'hello_world', languageCode: 'en_US', bodyParameters: [] })
    expect(fake.requests.at(-1)!.body).toMatchObject({ template: { name: 'hello_world', language: { code: 'en_US' } } })
    expect((fake.requests.at(-1)!.body as { template: object }).template).not.toHaveProperty('components')
  })

  it.each([
    ['a name with capitals', { name: 'Booking', languageCode: 'es', bodyParameters: [] }],
    ['a bad language code', { name: 'booking', languageCode: 'spanish', bodyParameters: [] }],
    ['an empty parameter', { name: 'booking', languageCode: 'es', bodyParameters: [''] }],
  ])('refuses %s before any request', async (_label, input) => {
    const error = await sendError(sendWhatsAppTemplate(config, { to: CUSTOMER, ...input }))
    expect(error).toMatchObject({ httpStatus: 0, permanent: true })
  })
})

describe('transport failures', () => {
  let server: Server
  let answer: { status: number, body: string } = { status: 500, body: '' }
  let url = ''

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

  const send = () => sendWhatsAppText({ ...config, apiUrl: url }, { to: CUSTOMER, body: SECRET_TEXT })

  it('is transient for a 500 without a Graph error', async () => {
    answer = { status: 502, body: '<html>Bad gateway</html>' }
    expect(await sendError(send())).toMatchObject({ code: null, httpStatus: 502, permanent: false })
  })

  it('is transient for Graph rate limits (130429) and permanent for other codes', async () => {
    answer = { status: 400, body: JSON.stringify({ error: { message: 'Rate limit hit', type: 'OAuthException', code: 130429, fbtrace_id: 'A1' } }) }
    expect(await sendError(send())).toMatchObject({ code: 130429, permanent: false })
    answer = { status: 400, body: JSON.stringify({ error: { message: `(#131026) Message undeliverable to ${CUSTOMER}`, type: 'OAuthException', code: 131026 } }) }
    expect(await sendError(send())).toMatchObject({ code: 131026, permanent: true, outsideWindow: false })
  })

  it('is permanent for a 200 without a message id (a retry could send twice)', async () => {
    answer = { status: 200, body: JSON.stringify({ messaging_product: 'whatsapp', messages: [] }) }
    expect(await sendError(send())).toMatchObject({ code: null, httpStatus: 200, permanent: true })
  })

  it('is transient when nothing listens, or the answer is too slow', async () => {
    const closed = await startFakeWhatsApp({ accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID })
    await closed.close()
    expect(await sendError(sendWhatsAppText({ ...config, apiUrl: closed.apiUrl }, { to: CUSTOMER, body: SECRET_TEXT }))).toMatchObject({ httpStatus: 0, permanent: false })
    const slow = createServer(() => {})
    await new Promise<void>(resolve => slow.listen(0, '127.0.0.1', resolve))
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`
    const error = await sendError(sendWhatsAppText({ ...config, apiUrl: slowUrl, timeoutMs: 100 }, { to: CUSTOMER, body: SECRET_TEXT }))
    expect(error).toMatchObject({ httpStatus: 0, permanent: false })
    expect(error.message).toContain('timed out')
    slow.closeAllConnections()
    await new Promise<void>(resolve => slow.close(() => resolve()))
  })
})
