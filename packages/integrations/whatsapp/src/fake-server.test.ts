import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeWhatsApp, startFakeWhatsApp } from './fake-server'
import { parseWhatsAppWebhook } from './parse-webhook'
import { startWebhookReceiver } from './testing/webhook-receiver'
import { verifyWhatsAppSignature } from './webhook-signature'

const ACCESS_TOKEN = 'EAAG-fake-token'
const APP_SECRET = 'fake-app-secret'
const PHONE_NUMBER_ID = '106540352242922'
const VERIFY_TOKEN = 'fake-verify-token'

let clock = new Date('2026-06-01T12:00:00Z')
let fake: FakeWhatsApp
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>

beforeAll(async () => {
  fake = await startFakeWhatsApp({ accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID, now: () => clock })
  receiver = await startWebhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN })
})

afterAll(async () => {
  await fake.close()
  await receiver.close()
})

/** The fields of Graph's answers the tests read; which ones are there depends on the answer. */
interface GraphAnswer {
  error: { code: number, type: string, error_subcode?: number, error_data: { messaging_product: string } }
  messages: Array<{ id: string }>
}

async function post(path: string, body: unknown, token: string | null = ACCESS_TOKEN): Promise<{ status: number, json: GraphAnswer }> {
  const response = await fetch(`${fake.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() as GraphAnswer }
}

const MESSAGES = `/v23.0/${PHONE_NUMBER_ID}/messages`
const text = (to: string, body = 'Hola') => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body } })

describe('fake Graph API: auth and routing', () => {
  it.each([['a wrong token', 'other'], ['no token', null]])('answers 401 in Graph shape for %s', async (_label, token) => {
    const { status, json } = await post(MESSAGES, text('34600111222'), token)
    expect(status).toBe(401)
    expect(json.error).toMatchObject({ type: 'OAuthException', code: 190 })
    expect(Object.keys(json.error).sort()).toEqual(['code', 'fbtrace_id', 'message', 'type'])
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: MESSAGES, authorized: false })
  })

  it('answers 400 code 100 for an unknown phone number id and for unknown paths', async () => {
    expect(await post('/v23.0/999/messages', text('34600111222'))).toMatchObject({ status: 400, json: { error: { code: 100, error_subcode: 33 } } })
    expect(await post('/v23.0/me', {})).toMatchObject({ status: 400, json: { error: { code: 2500 } } })
  })

  it.each([
    ['not JSON', '{'],
    ['no messaging_product', { to: '34600111222', type: 'text', text: { body: 'x' } }],
    ['no recipient', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }],
    ['no text body', { messaging_product: 'whatsapp', to: '34600111222', type: 'text', text: {} }],
    ['an unsupported type', { messaging_product: 'whatsapp', to: '34600111222', type: 'location', location: {} }],
    ['a template without language', { messaging_product: 'whatsapp', to: '34600111222', type: 'template', template: { name: 'x' } }],
    ['a template with an empty parameter', { messaging_product: 'whatsapp', to: '34600111222', type: 'template', template: { name: 'x', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '' }] }] } }],
  ])('validates the body: 400 for %s', async (_label, body) => {
    const { status, json } = await post(MESSAGES, body)
    expect(status).toBe(400)
    expect([100, 131009]).toContain(json.error.code)
    expect(json.error.error_data.messaging_product).toBe('whatsapp')
  })
})

describe('fake Graph API: sending and the 24-hour rule', () => {
  it('refuses free-form text without an inbound with HTTP 400 and 131047, but passes a template', async () => {
    const refused = await post(MESSAGES, text('34600222333'))
    expect(refused).toMatchObject({ status: 400, json: { error: { code: 131047, type: 'OAuthException' } } })
    const template = await post(MESSAGES, { messaging_product: 'whatsapp', to: '+34600222333', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } })
    expect(template.status).toBe(200)
    expect(template.json).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '+34600222333', wa_id: '34600222333' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] })
  })

  it('opens the window with an inbound and closes it 24 hours later by now()', async () => {
    await fake.sendInbound({ url: receiver.url, from: '+34600333444', text: 'Hola' })
    clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000 - 1000)
    const inside = await post(MESSAGES, text('34600333444', 'Sí'))
    expect(inside.status).toBe(200)
    expect(fake.sent.at(-1)).toMatchObject({ id: inside.json.messages[0]!.id, to: '34600333444', type: 'text', body: 'Sí' })
    clock = new Date(clock.getTime() + 1000)
    expect((await post(MESSAGES, text('34600333444'))).json.error.code).toBe(131047)
  })
})

describe('fake webhooks', () => {
  it('POSTs a signed inbound in the documented envelope, which parses', async () => {
    const before = receiver.received.length
    const result = await fake.sendInbound({ url: receiver.url, from: '+34600444555', text: 'Quiero cambiar la cita', name: 'Ana' })
    expect(result).toMatchObject({ status: 200, text: 'EVENT_RECEIVED' })
    const delivery = receiver.received[before]!
    expect(verifyWhatsAppSignature({ appSecret: APP_SECRET, rawBody: delivery.rawBody, header: String(delivery.headers['x-hub-signature-256']) })).toBe(true)
    expect(delivery.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/)
    const json = JSON.parse(delivery.rawBody.toString('utf8'))
    expect(json.object).toBe('whatsapp_business_account')
    expect(json.entry[0].changes[0].field).toBe('messages')
    expect(Object.keys(json.entry[0].changes[0].value)).toEqual(['messaging_product', 'metadata', 'contacts', 'messages'])
    expect(delivery.items).toEqual([{
      kind: 'message', phoneNumberId: PHONE_NUMBER_ID, id: result.messageId, from: '34600444555', name: 'Ana',
      timestamp: new Date(Math.floor(clock.getTime() / 1000) * 1000), type: 'text', text: 'Quiero cambiar la cita', media: null,
    }])
  })

  it('sends statuses in any order, including read without delivered, and failed with its code', async () => {
    const { json } = await post(MESSAGES, { messaging_product: 'whatsapp', to: '34600555666', type: 'template', template: { name: 'x', language: { code: 'es' } } })
    const messageId: string = json.messages[0]!.id
    const before = receiver.received.length
    await fake.sendStatus({ url: receiver.url, messageId, status: 'sent' })
    await fake.sendStatus({ url: receiver.url, messageId, status: 'read' })
    await fake.sendStatus({ url: receiver.url, messageId, status: 'failed', errorCode: 131047 })
    const items = receiver.received.slice(before).flatMap(delivery => delivery.items)
    expect(items).toMatchObject([
      { kind: 'status', id: messageId, status: 'sent', recipientId: '34600555666', error: null },
      { kind: 'status', id: messageId, status: 'read', error: null },
      { kind: 'status', id: messageId, status: 'failed', error: { code: 131047, title: 'Re-engagement message' } },
    ])
  })

  it('refuses a status for a message it does not know unless given the recipient', async () => {
    await expect(fake.sendStatus({ url: receiver.url, messageId: 'wamid.unknown', status: 'sent' })).rejects.toThrow(TypeError)
    expect((await fake.sendStatus({ url: receiver.url, messageId: 'wamid.unknown', status: 'delivered', recipientId: '34600000000' })).status).toBe(200)
  })

  it('a receiver under another secret rejects its deliveries', async () => {
    const other = await startWebhookReceiver({ appSecret: 'another-secret', verifyToken: VERIFY_TOKEN })
    expect((await fake.sendInbound({ url: other.url, from: '34600777888', text: 'x' })).status).toBe(401)
    await other.close()
  })

  it('does the GET verification handshake', async () => {
    expect(await fake.verify(receiver.url, { verifyToken: VERIFY_TOKEN, challenge: '1158201444' })).toEqual({ status: 200, text: '1158201444' })
    expect(await fake.verify(receiver.url, { verifyToken: 'wrong', challenge: '1158201444' })).toEqual({ status: 403, text: 'Forbidden' })
  })

  it('parse of a fake body is stable across a JSON round trip', async () => {
    const delivery = receiver.received.at(-1)!
    expect(parseWhatsAppWebhook(JSON.parse(delivery.rawBody.toString('utf8')))).toEqual(delivery.items)
  })
})
