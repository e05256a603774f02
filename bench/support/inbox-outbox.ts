import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { conversations, customers, outboxMessages, type Db } from '@flectar/db'
import {
  channelSettingsSchemas, createChannelSenders, createResendTransport, deliverPendingMessages, enqueueEmail, replySchema, saveChannelSettings, sendConversationReply,
  type ChannelSender, type EmailTransport, type ProjectScope,
} from '@flectar/messaging'
import { startFakeResend, type FakeResend } from '@flectar/resend/fake'
import { createKeyRing } from '@flectar/security'
import { startFakeTwilio, type FakeTwilio } from '@flectar/twilio/fake'
import { startFakeWhatsApp, type FakeWhatsApp } from '@flectar/whatsapp/fake'

export type ReplyChannel = 'email' | 'sms' | 'whatsapp'
export const REPLY_CHANNELS: ReplyChannel[] = ['sms', 'whatsapp', 'email']

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`
const TWILIO_TOKEN = 'bench-twilio-token'
const OUR_NUMBER = '+15005550006'
const PHONE_NUMBER_ID = '106540352242922'
const WHATSAPP_TOKEN = 'bench-whatsapp-token'
const RESEND_KEY = 're_bench_key'
/** The worker's batch (`OUTBOX_BATCH` in packages/jobs): each call tries at most this many rows. */
const OUTBOX_BATCH = 20
/** Conversations per channel the replies are spread over. */
const THREADS_PER_CHANNEL = 100
const REPLY_BODIES = ['¡Hola! Sí, te esperamos el viernes a las 17:00.', 'Perfecto, cambiamos tu cita al lunes por la mañana.', 'Gracias por avisar, no pasa nada. ¿Te va bien el jueves?', 'El tinte con corte sale por 65 €; la señal es de 10 €.']

export interface OutboxStack {
  transport: EmailTransport
  channels: Record<'sms' | 'whatsapp', ChannelSender>
  threads: Record<ReplyChannel, string[]>
  fakes: { twilio: FakeTwilio, whatsapp: FakeWhatsApp, resend: FakeResend }
  close: () => Promise<void>
}

export interface Drained {
  sent: number
  failed: number
  seconds: number
}

/**
 * The three fakes, the project's SMS and WhatsApp connections pointed at them, email through
 * `createResendTransport` to the fake Resend, and the conversations each channel's replies go to.
 * The WhatsApp customers have just written (their 24-hour window is open, in our rows and in the
 * fake), so replies go as free-form text, the common case.
 */
export async function startOutboxStack(db: Db, scope: ProjectScope): Promise<OutboxStack> {
  const twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: TWILIO_TOKEN })
  const whatsapp = await startFakeWhatsApp({ accessToken: WHATSAPP_TOKEN, appSecret: 'bench-app-secret', phoneNumberId: PHONE_NUMBER_ID })
  const resend = await startFakeResend({ apiKey: RESEND_KEY })
  // Where the fake Meta posts the inbound messages that open the windows; the bench does not read them.
  const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()))
  await new Promise<void>(resolve => sink.listen(0, '127.0.0.1', () => resolve()))
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/api/webhooks/whatsapp`

  const keyRing = createKeyRing(randomBytes(32).toString('base64'))
  await saveChannelSettings(db, keyRing, scope, 'sms', channelSettingsSchemas.sms.parse({ enabled: true, accountSid: ACCOUNT_SID, fromNumber: OUR_NUMBER, authToken: TWILIO_TOKEN }))
  await saveChannelSettings(db, keyRing, scope, 'whatsapp', channelSettingsSchemas.whatsapp.parse({ enabled: true, phoneNumberId: PHONE_NUMBER_ID, accessToken: WHATSAPP_TOKEN }))
  const channels = createChannelSenders(db, keyRing, { ADMIN_URL: 'http://127.0.0.1:9/', TWILIO_API_URL: twilio.apiUrl, WHATSAPP_API_URL: whatsapp.apiUrl })
  const transport = createResendTransport({ apiKey: RESEND_KEY, baseUrl: resend.baseUrl, from: 'Salón Bench <hola@salon.example>' })

  const threadsOf = async (channel: ReplyChannel) => (await db.select({ id: conversations.id, phone: customers.phone }).from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .where(and(eq(conversations.projectId, scope.projectId), channel === 'email'
      ? and(isNotNull(customers.email), inArray(conversations.lastInboundChannel, ['email', 'form']))
      : eq(conversations.lastInboundChannel, channel)))
    .orderBy(conversations.id).limit(THREADS_PER_CHANNEL))
  const [sms, chat, email] = [await threadsOf('sms'), await threadsOf('whatsapp'), await threadsOf('email')]
  for (const thread of chat) await whatsapp.sendInbound({ url: sinkUrl, from: thread.phone!, text: 'Hola, ¿tenéis hueco?' })
  await db.update(conversations).set({ lastWhatsappInboundAt: new Date() }).where(inArray(conversations.id, chat.map(thread => thread.id)))

  return {
    transport,
    channels,
    threads: { sms: sms.map(thread => thread.id), whatsapp: chat.map(thread => thread.id), email: email.map(thread => thread.id) },
    fakes: { twilio, whatsapp, resend },
    close: async () => {
      await Promise.all([twilio.close(), whatsapp.close(), resend.close(), new Promise<void>(resolve => sink.close(() => resolve()))])
    },
  }
}

/** `perChannel` replies on each channel given, interleaved, each in its own transaction as the reply route does; returns the seconds taken. */
export async function queueReplies(db: Db, stack: OutboxStack, scope: ProjectScope, authorId: string, perChannel: Partial<Record<ReplyChannel, number>>): Promise<number> {
  const plan = REPLY_CHANNELS.flatMap(channel => Array.from({ length: perChannel[channel] ?? 0 }, (_, index) => ({ channel, index })))
    .sort((a, b) => a.index - b.index)
  const began = performance.now()
  for (const { channel, index } of plan) {
    const threads = stack.threads[channel]
    const input = replySchema.parse({ channel, body: REPLY_BODIES[index % REPLY_BODIES.length] })
    await db.transaction(tx => sendConversationReply(tx, scope, threads[index % threads.length]!, input, { userId: authorId }, { inboundEmailDomain: 'inbox.flectar.test' }))
  }
  return (performance.now() - began) / 1000
}

/** `total` plain emails in the outbox, as every notification was queued before conversations. */
export async function queueEmails(db: Db, scope: ProjectScope, total: number): Promise<void> {
  for (let index = 0; index < total; index++) {
    await enqueueEmail(db, { ...scope, to: `cliente${index}@example.com`, subject: 'Tu cita está confirmada', text: REPLY_BODIES[index % REPLY_BODIES.length]!, template: 'booking.confirmed' })
  }
}

/** Runs the outbox as the worker does (batches of OUTBOX_BATCH, back to back) until nothing is pending. */
export async function drainOutbox(db: Db, transport: EmailTransport, channels?: OutboxStack['channels']): Promise<Drained> {
  // A running site's outbox holds its history and has statistics; right after a burst of
  // inserts into a near-empty table the planner would still think it empty and scan it.
  await db.execute(sql`analyze outbox_messages`)
  let sent = 0
  let failed = 0
  const began = performance.now()
  for (;;) {
    const run = await deliverPendingMessages(db, transport, { limit: OUTBOX_BATCH, channels })
    sent += run.sent
    failed += run.failed
    if (run.sent + run.failed === 0) break
  }
  return { sent, failed, seconds: (performance.now() - began) / 1000 }
}

/** Rows still pending or failed: both must be 0 after a drain. */
export async function outboxLeft(db: Db): Promise<{ pending: number, failed: number }> {
  const rows = await db.select({ status: outboxMessages.status, n: count() }).from(outboxMessages)
    .where(sql`${outboxMessages.status} in ('pending', 'failed')`).groupBy(outboxMessages.status)
  return { pending: rows.find(row => row.status === 'pending')?.n ?? 0, failed: rows.find(row => row.status === 'failed')?.n ?? 0 }
}
