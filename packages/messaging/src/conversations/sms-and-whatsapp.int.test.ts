import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationMessages, conversations, customers, memberships, messagingChannelSettings, messagingOptOuts, messagingWebhookDeliveries, organizations, outboxMessages, projects, users, type Db } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { ConflictError, parseInput } from '@flectar/errors'
import { createKeyRing } from '@flectar/security'
import { parseTwilioForm, parseTwilioInbound, parseTwilioStatus, verifyTwilioSignature } from '@flectar/twilio'
import { startFakeTwilio, type FakeTwilio } from '@flectar/twilio/fake'
import { parseWhatsAppWebhook, verifyWhatsAppSignature } from '@flectar/whatsapp'
import { startFakeWhatsApp, type FakeWhatsApp } from '@flectar/whatsapp/fake'
import { deliverPendingMessages } from '../deliver-pending-messages'
import { devMailboxTransport } from '../transports/dev-mailbox-transport'
import { createChannelSenders } from './channel-senders'
import { channelSettingsSchemas, listChannelSettings, loadChannelCredentials, saveChannelSettings } from './channel-settings'
import type { ProjectScope } from './customers'
import { optOutOf } from './delivery-events'
import { receiveSms, receiveSmsStatus, receiveWhatsApp } from './inbound-webhooks'
import { recordInboundMessage } from './record-inbound'
import { replySchema, sendConversationReply } from './send-reply'

interface Received { url: string, headers: IncomingHttpHeaders, rawBody: string }

/**
 * A stand-in for the admin app's webhook routes (`/api/webhooks/twilio/{projectId}` and
 * `/api/webhooks/whatsapp`), wired as a route is: signature on the raw body, parse, one package call.
 */
async function startWebhookRoutes(db: Db, keyRing: ReturnType<typeof createKeyRing>) {
  const received: Received[] = []
  const failures: unknown[] = []
  async function route(request: Received): Promise<number> {
    const { pathname } = new URL(request.url)
    const twilio = /^\/api\/webhooks\/twilio\/([0-9a-f-]{36})$/.exec(pathname)
    if (twilio) {
      const credentials = await loadChannelCredentials(db, keyRing, 'sms', { projectId: twilio[1]! })
      if (!credentials) return 404
      const params = parseTwilioForm(request.rawBody)
      const signature = request.headers['x-twilio-signature']
      if (!verifyTwilioSignature({ authToken: credentials.secrets.authToken!, url: request.url, params, signature: typeof signature === 'string' ? signature : '' })) return 400
      if (params.MessageStatus) await receiveSmsStatus(db, parseTwilioStatus(params))
      else await receiveSms(db, { orgId: credentials.orgId, projectId: credentials.projectId }, parseTwilioInbound(params))
      return 200
    }
    if (pathname === '/api/webhooks/whatsapp') {
      const header = request.headers['x-hub-signature-256']
      if (!verifyWhatsAppSignature({ appSecret: WHATSAPP_APP_SECRET, rawBody: request.rawBody, header: typeof header === 'string' ? header : undefined })) return 400
      await receiveWhatsApp(db, parseWhatsAppWebhook(JSON.parse(request.rawBody)), async (phoneNumberId) => {
        const credentials = await loadChannelCredentials(db, keyRing, 'whatsapp', { routingKey: phoneNumberId })
        return credentials && { orgId: credentials.orgId, projectId: credentials.projectId }
      })
      return 200
    }
    return 404
  }
  let baseUrl = ''
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = { url: `${baseUrl}${req.url ?? '/'}`, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') }
      received.push(request)
      route(request).then(
        (status) => { res.writeHead(status).end() },
        (error: unknown) => {
          failures.push(error)
          res.writeHead(500).end()
        },
      )
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  /** Posts a delivery again, byte for byte: what a provider's retry looks like. */
  const replay = async (request: Received) => (await fetch(request.url, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name === 'content-type' || name.startsWith('x-')).map(([name, value]) => [name, String(value)])),
    body: request.rawBody,
  })).status
  return { baseUrl, received, failures, replay, close: () => new Promise<void>(resolve => server.close(() => resolve())) }
}

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`
const TWILIO_TOKEN = 'twilio-auth-token-1234'
const OUR_NUMBER = '+15005550006'
const PHONE_NUMBER_ID = '106540352242922'
const WHATSAPP_TOKEN = 'EAAG-fake-access-token-9876'
const WHATSAPP_APP_SECRET = 'meta-app-secret'

// Issue 17, item 3: replies leave on the project's own Twilio and WhatsApp connections, and the
// providers' webhooks (signed, retried, out of order) move each message's status forward only.
describe('SMS and WhatsApp, end to end through the providers\' fakes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  let plainScope: ProjectScope
  let author: { userId: string }
  let twilio: FakeTwilio
  let whatsapp: FakeWhatsApp
  let routes: Awaited<ReturnType<typeof startWebhookRoutes>>
  let deliver: () => Promise<{ sent: number, failed: number }>
  const keyRing = createKeyRing(randomBytes(32).toString('base64'))
  const smsUrl = () => `${routes.baseUrl}/api/webhooks/twilio/${scope.projectId}`
  const whatsappUrl = () => `${routes.baseUrl}/api/webhooks/whatsapp`

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon-channels-org' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Salón Lucía', slug: 'salon-channels' }).returning()
    const [plain] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Second site', slug: 'plain-channels' }).returning()
    const [member] = await database.db.insert(users).values({ email: 'lucia@salon.example', name: 'Lucía' }).returning()
    await database.db.insert(memberships).values({ orgId: org!.id, userId: member!.id, role: 'owner' })
    scope = { orgId: org!.id, projectId: project!.id }
    plainScope = { orgId: org!.id, projectId: plain!.id }
    author = { userId: member!.id }
    twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: TWILIO_TOKEN })
    whatsapp = await startFakeWhatsApp({ accessToken: WHATSAPP_TOKEN, appSecret: WHATSAPP_APP_SECRET, phoneNumberId: PHONE_NUMBER_ID })
    routes = await startWebhookRoutes(database.db, keyRing)
    await saveChannelSettings(database.db, keyRing, scope, 'sms', parseInput(channelSettingsSchemas.sms, { enabled: true, accountSid: ACCOUNT_SID, fromNumber: OUR_NUMBER, authToken: TWILIO_TOKEN }))
    await saveChannelSettings(database.db, keyRing, scope, 'whatsapp', parseInput(channelSettingsSchemas.whatsapp, { enabled: true, phoneNumberId: PHONE_NUMBER_ID, accessToken: WHATSAPP_TOKEN }))
    const channels = createChannelSenders(database.db, keyRing, { ADMIN_URL: `${routes.baseUrl}/`, TWILIO_API_URL: twilio.apiUrl, WHATSAPP_API_URL: whatsapp.apiUrl })
    deliver = () => deliverPendingMessages(database.db, devMailboxTransport, { channels })
  })
  afterAll(async () => {
    await routes?.close()
    await twilio?.close()
    await whatsapp?.close()
    await database.drop()
  })

  const reply = (conversationId: string, input: Record<string, unknown>, replyScope = scope) =>
    sendConversationReply(database.db, replyScope, conversationId, parseInput(replySchema, input), author, {})
  const messageRow = async (id: string) => (await database.db.select().from(conversationMessages).where(eq(conversationMessages.id, id)))[0]!
  const outboxRow = async (id: string) => (await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]!
  const conversationOfPhone = async (phone: string) => (await database.db.select({ conversation: conversations }).from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId)).where(and(eq(customers.projectId, scope.projectId), eq(customers.phone, phone))))[0]?.conversation
  const messagesIn = async (conversationId: string) => (await database.db.select({ n: count() }).from(conversationMessages).where(eq(conversationMessages.conversationId, conversationId)))[0]!.n
  const deliveriesTaken = async () => (await database.db.select({ n: count() }).from(messagingWebhookDeliveries))[0]!.n

  it('keeps the connection\'s secrets encrypted and shows only their last characters', async () => {
    const [row] = await database.db.select().from(messagingChannelSettings).where(and(eq(messagingChannelSettings.projectId, scope.projectId), eq(messagingChannelSettings.channel, 'sms')))
    expect(row!.secrets).not.toContain(TWILIO_TOKEN)
    expect(await listChannelSettings(database.db, scope)).toEqual([
      { channel: 'sms', connected: true, enabled: true, config: { accountSid: ACCOUNT_SID, fromNumber: OUR_NUMBER }, secrets: { authToken: { set: true, endsWith: '1234' } } },
      { channel: 'whatsapp', connected: true, enabled: true, config: { phoneNumberId: PHONE_NUMBER_ID, templateLanguage: 'en' }, secrets: { accessToken: { set: true, endsWith: '9876' } } },
    ])
  })

  it('texts the reply through Twilio and follows its status callbacks forward only, once each', async () => {
    const ana = '+34600112233'
    expect((await twilio.sendInbound({ url: smsUrl(), from: ana, to: OUR_NUMBER, body: 'Can I come at 5?' })).status).toBe(200)
    const conversation = (await conversationOfPhone(ana))!
    expect(conversation).toMatchObject({ unreadCount: 1, lastInboundChannel: 'sms', lastMessagePreview: 'Can I come at 5?' })

    const sent = await reply(conversation.id, { channel: 'sms', body: 'Yes, see you at 5' })
    expect(await deliver()).toEqual({ sent: 1, failed: 0 })
    const onTwilio = twilio.sent.at(-1)!
    expect(onTwilio).toMatchObject({ from: OUR_NUMBER, to: ana, body: 'Yes, see you at 5', statusCallback: smsUrl() })
    expect(await messageRow(sent.id)).toMatchObject({ status: 'sent', providerMessageId: onTwilio.sid, error: null })
    expect(await outboxRow(sent.outboxMessageId)).toMatchObject({ status: 'sent', provider: 'twilio', providerMessageId: onTwilio.sid })

    expect((await twilio.sendStatus(onTwilio.sid, 'sent')).status).toBe(200)
    expect((await messageRow(sent.id)).status).toBe('sent')
    await twilio.sendStatus(onTwilio.sid, 'delivered')
    expect((await messageRow(sent.id)).status).toBe('delivered')
    // Twilio retries a callback it saw no 2xx for: the second copy is recognised.
    const taken = await deliveriesTaken()
    expect(await routes.replay(routes.received.at(-1)!)).toBe(200)
    expect(await deliveriesTaken()).toBe(taken)
    // Late news never moves it back, and a failure after delivery is not believed.
    await twilio.sendStatus(onTwilio.sid, 'sent')
    await twilio.sendStatus(onTwilio.sid, 'undelivered')
    expect(await messageRow(sent.id)).toMatchObject({ status: 'delivered', error: null })

    const second = await reply(conversation.id, { channel: 'sms', body: 'Running late?' })
    await deliver()
    const secondSid = twilio.sent.at(-1)!.sid
    await twilio.sendStatus(secondSid, 'undelivered', { errorCode: 30005 })
    await twilio.sendStatus(secondSid, 'delivered')
    expect(await messageRow(second.id)).toMatchObject({ status: 'failed', error: 'The text was not delivered (Twilio error 30005).' })
    expect(routes.failures).toEqual([])
  })

  it('honours STOP and START texts, and a replayed text changes nothing', async () => {
    const carla = '+34600223344'
    await twilio.sendInbound({ url: smsUrl(), from: carla, to: OUR_NUMBER, body: 'Hi, I booked for Friday' })
    await twilio.sendInbound({ url: smsUrl(), from: carla, to: OUR_NUMBER, body: ' stop ' })
    const conversation = (await conversationOfPhone(carla))!
    expect(await optOutOf(database.db, scope.projectId, 'sms', carla)).toBe('stop')
    // The STOP is filed too, so the inbox shows why texts stopped.
    expect(conversation).toMatchObject({ unreadCount: 2, lastMessagePreview: 'stop' })
    const refused = await reply(conversation.id, { channel: 'sms', body: 'See you Friday' }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ConflictError)
    expect((refused as ConflictError).code).toBe('opted_out')

    const stop = routes.received.at(-1)!
    const messages = await messagesIn(conversation.id)
    expect(await routes.replay(stop)).toBe(200)
    expect(await messagesIn(conversation.id)).toBe(messages)
    expect((await conversationOfPhone(carla))!.unreadCount).toBe(2)

    await twilio.sendInbound({ url: smsUrl(), from: carla, to: OUR_NUMBER, body: 'Start' })
    expect(await optOutOf(database.db, scope.projectId, 'sms', carla)).toBeNull()
    const sent = await reply(conversation.id, { channel: 'sms', body: 'Welcome back' })
    expect(await deliver()).toEqual({ sent: 1, failed: 0 })
    expect(twilio.sent.at(-1)).toMatchObject({ to: carla, body: 'Welcome back' })
    expect((await messageRow(sent.id)).status).toBe('sent')
    // A replayed STOP after START must not opt the customer out again.
    expect(await routes.replay(stop)).toBe(200)
    expect(await optOutOf(database.db, scope.projectId, 'sms', carla)).toBeNull()
  })

  it('records a STOP it missed when Twilio refuses the text, and fails the message at once', async () => {
    const dani = '+34600334455'
    const inbound = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: dani }, body: 'Hello' })
    // Twilio knows of the STOP; our webhook never heard of it.
    await twilio.sendInbound({ url: `${routes.baseUrl}/elsewhere`, from: dani, to: OUR_NUMBER, body: 'STOP' })
    const sent = await reply(inbound.conversationId, { channel: 'sms', body: 'Your booking' })
    expect(await deliver()).toEqual({ sent: 0, failed: 1 })
    expect(await outboxRow(sent.outboxMessageId)).toMatchObject({ status: 'failed', attempts: 1 })
    const failed = await messageRow(sent.id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toContain('21610')
    expect(failed.error).not.toContain(dani)
    expect(await optOutOf(database.db, scope.projectId, 'sms', dani)).toBe('stop')
  })

  it('answers on WhatsApp in the 24-hour window, follows statuses forward only, and sends a template after it', async () => {
    const inbound = await whatsapp.sendInbound({ url: whatsappUrl(), from: '34611222333', text: 'Hola, ¿tenéis hueco?', name: 'Bea' })
    expect(inbound.status).toBe(200)
    const conversation = (await conversationOfPhone('+34611222333'))!
    expect(conversation).toMatchObject({ unreadCount: 1, lastInboundChannel: 'whatsapp', lastMessagePreview: 'Hola, ¿tenéis hueco?' })
    expect(conversation.lastWhatsappInboundAt).toBeInstanceOf(Date)
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, conversation.customerId))
    expect(customer!.name).toBe('Bea')

    // Meta redelivers the same message: nothing new.
    expect(await routes.replay(routes.received.at(-1)!)).toBe(200)
    expect(await messagesIn(conversation.id)).toBe(1)

    const sent = await reply(conversation.id, { channel: 'whatsapp', body: 'Sí, mañana a las 10' })
    expect(await deliver()).toEqual({ sent: 1, failed: 0 })
    const onMeta = whatsapp.sent.at(-1)!
    expect(onMeta).toMatchObject({ to: '34611222333', type: 'text', body: 'Sí, mañana a las 10' })
    expect(await messageRow(sent.id)).toMatchObject({ status: 'sent', providerMessageId: onMeta.id })
    expect(await outboxRow(sent.outboxMessageId)).toMatchObject({ provider: 'whatsapp', providerMessageId: onMeta.id })

    await whatsapp.sendStatus({ url: whatsappUrl(), messageId: onMeta.id, status: 'read' })
    expect((await messageRow(sent.id)).status).toBe('read')
    await whatsapp.sendStatus({ url: whatsappUrl(), messageId: onMeta.id, status: 'delivered' })
    expect((await messageRow(sent.id)).status).toBe('read')
    const taken = await deliveriesTaken()
    expect(await routes.replay(routes.received.at(-1)!)).toBe(200)
    expect(await deliveriesTaken()).toBe(taken)
    expect((await messageRow(sent.id)).status).toBe('read')

    const undeliverable = await reply(conversation.id, { channel: 'whatsapp', body: 'Are you there?' })
    await deliver()
    await whatsapp.sendStatus({ url: whatsappUrl(), messageId: whatsapp.sent.at(-1)!.id, status: 'failed', errorCode: 131026 })
    expect(await messageRow(undeliverable.id)).toMatchObject({ status: 'failed', error: 'WhatsApp could not deliver it: Message undeliverable (131026).' })

    // A day later the window has closed: only the approved template goes.
    await database.db.update(conversations).set({ lastWhatsappInboundAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(conversations.id, conversation.id))
    const refused = await reply(conversation.id, { channel: 'whatsapp', body: 'Hello?' }).catch((error: unknown) => error)
    expect((refused as ConflictError).code).toBe('whatsapp_window_closed')
    const template = { name: 'booking_reminder', languageCode: 'es', bodyParameters: ['mañana', '10:00'] }
    const templated = await reply(conversation.id, { channel: 'whatsapp', body: 'Recordatorio: mañana 10:00', template })
    expect(await deliver()).toEqual({ sent: 1, failed: 0 })
    expect(whatsapp.sent.at(-1)).toMatchObject({ to: '34611222333', type: 'template', template })
    expect((await messageRow(templated.id)).status).toBe('sent')
    expect(routes.failures).toEqual([])
  })

  it('routes WhatsApp webhooks by phone-number id and skips a number no project has', async () => {
    const stranger = await startFakeWhatsApp({ accessToken: 'other', appSecret: WHATSAPP_APP_SECRET, phoneNumberId: '999000111222' })
    try {
      expect((await stranger.sendInbound({ url: whatsappUrl(), from: '34699887766', text: 'Wrong number?' })).status).toBe(200)
      expect(await conversationOfPhone('+34699887766')).toBeUndefined()
      const [filed] = await database.db.select({ n: count() }).from(customers).where(eq(customers.phone, '+34699887766'))
      expect(filed!.n).toBe(0)
    }
    finally {
      await stranger.close()
    }
  })

  it('refuses a webhook with a bad signature and stores nothing', async () => {
    const taken = await deliveriesTaken()
    const forged = await fetch(smsUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm9wZQ==' },
      body: new URLSearchParams({ MessageSid: `SM${'a'.repeat(32)}`, From: '+34600999888', To: OUR_NUMBER, Body: 'STOP' }),
    })
    expect(forged.status).toBe(400)
    expect(await deliveriesTaken()).toBe(taken)
    expect(await optOutOf(database.db, scope.projectId, 'sms', '+34600999888')).toBeNull()
  })

  it('keeps SMS and WhatsApp of a project without a connection (or with it off) in the dev mailbox', async () => {
    const inbound = await recordInboundMessage(database.db, plainScope, { channel: 'whatsapp', from: { phone: '+34600445566' }, body: 'Hi', providerMessageId: 'wamid.plain-1' })
    const sms = await reply(inbound.conversationId, { channel: 'sms', body: 'By text' }, plainScope)
    const chat = await reply(inbound.conversationId, { channel: 'whatsapp', body: 'By WhatsApp' }, plainScope)
    const before = { twilio: twilio.sent.length, whatsapp: whatsapp.sent.length }
    expect(await deliver()).toEqual({ sent: 2, failed: 0 })
    for (const message of [sms, chat]) {
      expect(await outboxRow(message.outboxMessageId)).toMatchObject({ status: 'sent', provider: 'dev-mailbox', providerMessageId: `dev-${message.outboxMessageId}` })
      expect(await messageRow(message.id)).toMatchObject({ status: 'sent', providerMessageId: `dev-${message.outboxMessageId}` })
    }

    await saveChannelSettings(database.db, keyRing, plainScope, 'sms', parseInput(channelSettingsSchemas.sms, { enabled: false, accountSid: ACCOUNT_SID, fromNumber: '+15005550007', authToken: TWILIO_TOKEN }))
    const off = await reply(inbound.conversationId, { channel: 'sms', body: 'Still the mailbox' }, plainScope)
    await deliver()
    expect(await outboxRow(off.outboxMessageId)).toMatchObject({ status: 'sent', provider: 'dev-mailbox' })
    expect({ twilio: twilio.sent.length, whatsapp: whatsapp.sent.length }).toEqual(before)
    expect(await database.db.select().from(messagingOptOuts).where(eq(messagingOptOuts.projectId, plainScope.projectId))).toEqual([])
  })
})
