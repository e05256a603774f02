import { describe, expect, it } from 'vitest'
import { ACCOUNT_UPDATE, DOCUMENTED_INBOUND_TEXT, DOCUMENTED_STATUS_DELIVERED, DOCUMENTED_STATUS_FAILED, inboundOf, PHONE_NUMBER_ID } from './fixtures/webhooks'
import { parseWhatsAppWebhook, WhatsAppPayloadError } from './parse-webhook'

const clone = <T>(value: T): T => structuredClone(value)

describe('parseWhatsAppWebhook on the documented envelopes', () => {
  it('reads the documented inbound text message', () => {
    expect(parseWhatsAppWebhook(DOCUMENTED_INBOUND_TEXT)).toEqual([{
      kind: 'message',
      phoneNumberId: PHONE_NUMBER_ID,
      id: 'wamid.HBgLMTY1MDUwNzY1MjAVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      from: '16505551234',
      name: 'Sheena Nelson',
      timestamp: new Date('2025-06-08T20:59:43Z'),
      type: 'text',
      text: 'Does it come in another color?',
      media: null,
    }])
  })

  it('reads a delivered status, ignoring conversation and pricing', () => {
    expect(parseWhatsAppWebhook(DOCUMENTED_STATUS_DELIVERED)).toEqual([{
      kind: 'status',
      phoneNumberId: PHONE_NUMBER_ID,
      id: 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
      status: 'delivered',
      timestamp: new Date(1750263773 * 1000),
      recipientId: '16505551234',
      error: null,
    }])
  })

  it('reads a failed status with its first error code and title', () => {
    const [status] = parseWhatsAppWebhook(DOCUMENTED_STATUS_FAILED)
    expect(status).toMatchObject({ kind: 'status', status: 'failed', error: { code: 131047, title: 'Re-engagement message' } })
  })

  it('keeps every message and status of every entry and change, in order', () => {
    const body = clone(DOCUMENTED_INBOUND_TEXT) as { entry: Array<{ changes: unknown[] }> }
    body.entry[0]!.changes.push((DOCUMENTED_STATUS_DELIVERED as { entry: Array<{ changes: unknown[] }> }).entry[0]!.changes[0])
    body.entry.push(clone((DOCUMENTED_STATUS_FAILED as { entry: Array<{ changes: unknown[] }> }).entry[0]!))
    expect(parseWhatsAppWebhook(body).map(item => item.kind === 'status' ? item.status : item.type)).toEqual(['text', 'delivered', 'failed'])
  })
})

describe('parseWhatsAppWebhook message types', () => {
  it('reads an image: media id, mime type and caption (also as the text)', () => {
    const [message] = parseWhatsAppWebhook(inboundOf({ type: 'image', image: { caption: 'My booking', mime_type: 'image/jpeg', sha256: 'abc=', id: '1234567890' } }))
    expect(message).toMatchObject({ type: 'image', text: 'My booking', media: { id: '1234567890', mimeType: 'image/jpeg', caption: 'My booking' } })
  })

  it('reads audio without a caption', () => {
    const [message] = parseWhatsAppWebhook(inboundOf({ type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: '42', voice: true } }))
    expect(message).toMatchObject({ type: 'audio', text: null, media: { id: '42', mimeType: 'audio/ogg; codecs=opus', caption: null } })
  })

  it('reads a quick-reply button and interactive replies by their text or title', () => {
    expect(parseWhatsAppWebhook(inboundOf({ type: 'button', button: { payload: 'CONFIRM', text: 'Confirm' } }))[0]).toMatchObject({ text: 'Confirm', media: null })
    expect(parseWhatsAppWebhook(inboundOf({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'cancel', title: 'Cancel booking' } } }))[0]).toMatchObject({ text: 'Cancel booking' })
    expect(parseWhatsAppWebhook(inboundOf({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 's1', title: '10:00', description: 'Tomorrow' } } }))[0]).toMatchObject({ text: '10:00' })
  })

  it('keeps other types (location, reaction, unsupported) with no text or media', () => {
    const [message] = parseWhatsAppWebhook(inboundOf({ type: 'location', location: { latitude: 40.4, longitude: -3.7 } }))
    expect(message).toMatchObject({ type: 'location', text: null, media: null })
    expect(parseWhatsAppWebhook(inboundOf({ type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }))[0]).toMatchObject({ type: 'unsupported', text: null })
  })

  it('gives a null name when no contact matches the sender', () => {
    const body = clone(DOCUMENTED_INBOUND_TEXT) as { entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> }
    delete body.entry[0]!.changes[0]!.value.contacts
    expect(parseWhatsAppWebhook(body)[0]).toMatchObject({ name: null })
  })
})

describe('parseWhatsAppWebhook on unknown and bad input', () => {
  it('skips changes that are not messages, and unknown fields anywhere', () => {
    expect(parseWhatsAppWebhook(ACCOUNT_UPDATE)).toEqual([])
    const body = clone(DOCUMENTED_INBOUND_TEXT) as Record<string, unknown> & { entry: Array<Record<string, unknown>> }
    body.extra = true
    body.entry[0]!.time = 1749416383
    expect(parseWhatsAppWebhook(body)).toHaveLength(1)
  })

  it('skips a status it does not know (played) instead of refusing the whole delivery', () => {
    const body = clone(DOCUMENTED_STATUS_DELIVERED) as { entry: Array<{ changes: Array<{ value: { statuses: Array<Record<string, unknown>> } }> }> }
    body.entry[0]!.changes[0]!.value.statuses[0]!.status = 'played'
    expect(parseWhatsAppWebhook(body)).toEqual([])
  })

  it('is an empty list for a messages change with neither messages nor statuses', () => {
    expect(parseWhatsAppWebhook({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '2' } } }] }] })).toEqual([])
  })

  const REMOVE = Symbol('remove')
  /** The documented inbound body with one value replaced (or removed) at `path`. */
  function edited(path: Array<string | number>, value: unknown): unknown {
    const body = clone(DOCUMENTED_INBOUND_TEXT)
    let node = body as Record<string | number, unknown>
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
    const last = path.at(-1)!
    if (value === REMOVE) Reflect.deleteProperty(node, last)
    else node[last] = value
    return body
  }
  const message = ['entry', 0, 'changes', 0, 'value', 'messages', 0]
  const broken: Array<[string, unknown, string]> = [
    ['another object', edited(['object'], 'page'), 'object'],
    ['no entry', edited(['entry'], REMOVE), 'entry'],
    ['changes not a list', edited(['entry', 0, 'changes'], {}), 'entry.0.changes'],
    ['no metadata', edited(['entry', 0, 'changes', 0, 'value', 'metadata'], REMOVE), 'entry.0.changes.0.value.metadata'],
    ['another product', edited(['entry', 0, 'changes', 0, 'value', 'messaging_product'], 'instagram'), 'entry.0.changes.0.value.messaging_product'],
    ['a numeric timestamp', edited([...message, 'timestamp'], 1749416383), 'entry.0.changes.0.value.messages.0.timestamp'],
    ['a non-numeric timestamp', edited([...message, 'timestamp'], 'yesterday'), 'entry.0.changes.0.value.messages.0.timestamp'],
    ['a message without id', edited([...message, 'id'], REMOVE), 'entry.0.changes.0.value.messages.0.id'],
    ['a text body that is not a string', edited([...message, 'text', 'body'], 7), 'entry.0.changes.0.value.messages.0.text.body'],
  ]
  it.each(broken)('throws WhatsAppPayloadError for %s, naming the path but no value', (_label, body, path) => {
    let caught: unknown
    try {
      parseWhatsAppWebhook(body)
    }
    catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(WhatsAppPayloadError)
    expect((caught as WhatsAppPayloadError).path).toBe(path)
    expect((caught as Error).message).not.toMatch(/16505551234|another color|Sheena/)
  })

  it.each([null, undefined, 'a string', 42, [], {}])('throws WhatsAppPayloadError (never a TypeError) for %j', (value) => {
    expect(() => parseWhatsAppWebhook(value)).toThrow(WhatsAppPayloadError)
  })

  it('throws WhatsAppPayloadError for a status with an unusable error list', () => {
    const body = clone(DOCUMENTED_STATUS_FAILED) as { entry: Array<{ changes: Array<{ value: { statuses: Array<Record<string, unknown>> } }> }> }
    body.entry[0]!.changes[0]!.value.statuses[0]!.errors = [{ code: '131047' }]
    expect(() => parseWhatsAppWebhook(body)).toThrow(WhatsAppPayloadError)
  })
})
