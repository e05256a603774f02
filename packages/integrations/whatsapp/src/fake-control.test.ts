import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeWhatsApp, startFakeWhatsApp } from './fake-server'
import { sendWhatsAppText, type WhatsAppConfig } from './send-message'
import { FAKE_WHATSAPP_INBOUND_PATH, FAKE_WHATSAPP_SENT_PATH, fakeWhatsAppInbound, fakeWhatsAppSent, fakeWhatsAppStatus, startWebhookReceiver } from './testing'

const ACCESS_TOKEN = 'EAAG-fake-control-token'
const APP_SECRET = 'fake-control-app-secret'
const PHONE_NUMBER_ID = '106540352242922'
const CUSTOMER = '+34600111222'

let fake: FakeWhatsApp
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let config: WhatsAppConfig

beforeAll(async () => {
  fake = await startFakeWhatsApp({ accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID })
  // The receiver answers 401 to anything whose X-Hub-Signature-256 does not verify.
  receiver = await startWebhookReceiver({ appSecret: APP_SECRET, verifyToken: 'unused' })
  config = { phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN, apiUrl: fake.apiUrl }
})
afterAll(async () => {
  await fake.close()
  await receiver.close()
})

describe('the fake WhatsApp over HTTP', () => {
  it('delivers a signed inbound text through /_fake/inbound, which opens the 24-hour window for a reply', async () => {
    const inbound = await fakeWhatsAppInbound(fake.apiUrl, { url: receiver.url, from: CUSTOMER, text: 'Hola, ¿a las 10?', name: 'Ana' })
    expect(inbound).toEqual({ status: 200, text: 'EVENT_RECEIVED', messageId: expect.stringMatching(/^wamid\./) })
    expect(receiver.received.at(-1)?.items).toEqual([expect.objectContaining({ kind: 'message', id: inbound.messageId, from: '34600111222', name: 'Ana', text: 'Hola, ¿a las 10?' })])

    const { messageId } = await sendWhatsAppText(config, { to: CUSTOMER, body: 'Sí, te esperamos.' })
    expect((await fakeWhatsAppSent(fake.apiUrl)).at(-1)).toEqual({ id: messageId, to: '34600111222', type: 'text', body: 'Sí, te esperamos.', at: expect.any(String) })
  })

  it('posts a signed status for a sent message through /_fake/status', async () => {
    const { messageId } = await sendWhatsAppText(config, { to: CUSTOMER, body: 'Recordatorio' })
    expect(await fakeWhatsAppStatus(fake.apiUrl, { url: receiver.url, messageId, status: 'failed', errorCode: 131047 })).toEqual({ status: 200, text: 'EVENT_RECEIVED' })
    expect(receiver.received.at(-1)?.items).toEqual([expect.objectContaining({ kind: 'status', id: messageId, status: 'failed', recipientId: '34600111222', error: expect.objectContaining({ code: 131047 }) })])
  })

  it('needs no token and keeps its own calls out of the API request log', async () => {
    const before = fake.requests.length
    expect((await fetch(`${fake.apiUrl}${FAKE_WHATSAPP_SENT_PATH}`)).status).toBe(200)
    expect(fake.requests).toHaveLength(before)
  })

  it('answers bad input with 400 and field messages, unknown ids with 404, and the helpers throw with status and body', async () => {
    const post = (body: string) => fetch(`${fake.apiUrl}${FAKE_WHATSAPP_INBOUND_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const bad = await post(JSON.stringify({ url: 'not a url', from: 'Ana', text: '' }))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: 'invalid_body', fields: { url: expect.any(String), from: expect.any(String), text: expect.any(String) } })
    expect((await post('{')).status).toBe(400)

    const before = receiver.received.length
    await expect(fakeWhatsAppStatus(fake.apiUrl, { url: receiver.url, messageId: 'wamid.unknown', status: 'read' })).rejects.toThrow(/answered 404: .*messageId/)
    // @ts-expect-error a status Meta does not send
    await expect(fakeWhatsAppStatus(fake.apiUrl, { url: receiver.url, messageId: 'wamid.x', status: 'played', recipientId: '34600111222' })).rejects.toThrow(/answered 400: .*status/)
    expect(receiver.received).toHaveLength(before)

    await expect(fakeWhatsAppInbound(fake.apiUrl, { url: 'http://127.0.0.1:9/webhooks', from: CUSTOMER, text: 'Hola' })).rejects.toThrow(/answered 502/)
    expect((await fetch(`${fake.apiUrl}${FAKE_WHATSAPP_INBOUND_PATH}`)).status).toBe(405)
    expect((await fetch(`${fake.apiUrl}/_fake/nothing`)).status).toBe(404)
  })
})
