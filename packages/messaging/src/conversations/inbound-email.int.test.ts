import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationMessages, conversations, customers, memberships, organizations, projects, users, type Db } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { ConflictError, parseInput } from '@flectar/errors'
import { fetchReceivedEmail, ResendWebhookError, verifyResendWebhook } from '@flectar/resend'
import { startFakeResend, type FakeResend } from '@flectar/resend/fake'
import { deliverPendingMessages } from '../deliver-pending-messages'
import { createResendTransport } from '../transports/resend-transport'
import type { ProjectScope } from './customers'
import { optOutOf } from './delivery-events'
import { receiveEmail, receiveEmailEvent } from './inbound-webhooks'
import { replySchema, sendConversationReply } from './send-reply'

const DOMAIN = 'inbox.flectar.test'
const API_KEY = 're_test_inbound_key'
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`

/** A stand-in for `POST /api/webhooks/resend`: svix signature on the raw body, then one package call. */
async function startResendRoute(db: Db, resendBaseUrl: () => string) {
  const failures: unknown[] = []
  async function route(rawBody: string, headers: IncomingHttpHeaders): Promise<number> {
    let event
    try {
      event = verifyResendWebhook({ secret: WEBHOOK_SECRET, rawBody, headers })
    }
    catch (error) {
      if (error instanceof ResendWebhookError) return 400
      throw error
    }
    if (event.type === 'email.received') {
      const email = await fetchReceivedEmail({ apiKey: API_KEY, baseUrl: resendBaseUrl() }, event.data.emailId)
      await receiveEmail(db, event.svixId, event, email, DOMAIN)
    }
    else if (event.type !== 'other') {
      await receiveEmailEvent(db, event.svixId, event)
    }
    return 200
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      route(Buffer.concat(chunks).toString('utf8'), req.headers).then(
        (status) => { res.writeHead(status).end() },
        (error: unknown) => {
          failures.push(error)
          res.writeHead(500).end()
        },
      )
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/resend`
  return { url, failures, close: () => new Promise<void>(resolve => server.close(() => resolve())) }
}

// Issue 17, item 3 (email): the customer's answer to our email comes back through Resend's
// inbound webhook into the same thread, and a bounce stops us writing to that address.
describe('email in and out through Resend (fake)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  let author: { userId: string }
  let resend: FakeResend
  let route: Awaited<ReturnType<typeof startResendRoute>>
  const env = { inboundEmailDomain: DOMAIN }
  const address = `salon-mail@${DOMAIN}`

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon-mail-org' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Salón Lucía', slug: 'salon-mail' }).returning()
    // A project whose slug is a prefix of ours must not catch our mail.
    await database.db.insert(projects).values({ orgId: org!.id, name: 'Salon', slug: 'salon' })
    const [member] = await database.db.insert(users).values({ email: 'lucia@salon.example', name: 'Lucía' }).returning()
    await database.db.insert(memberships).values({ orgId: org!.id, userId: member!.id, role: 'owner' })
    scope = { orgId: org!.id, projectId: project!.id }
    author = { userId: member!.id }
    route = await startResendRoute(database.db, () => resend.baseUrl)
    resend = await startFakeResend({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, webhookUrl: route.url })
  })
  afterAll(async () => {
    await route?.close()
    await resend?.close()
    await database.drop()
  })

  const transport = () => createResendTransport({ apiKey: API_KEY, baseUrl: resend.baseUrl, from: `Salón Lucía <${address}>` })
  const reply = (conversationId: string, body: string) =>
    sendConversationReply(database.db, scope, conversationId, parseInput(replySchema, { channel: 'email', body }), author, env)
  const threadOf = async (email: string) => (await database.db.select({ conversation: conversations, customer: customers }).from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId)).where(eq(customers.email, email)))[0]
  const messagesOf = (conversationId: string) => database.db.select().from(conversationMessages)
    .where(eq(conversationMessages.conversationId, conversationId)).orderBy(conversationMessages.createdAt)
  const messageRow = async (id: string) => (await database.db.select().from(conversationMessages).where(eq(conversationMessages.id, id)))[0]!
  const allMessages = async () => (await database.db.select({ n: count() }).from(conversationMessages))[0]!.n

  it('files a first email to the project\'s address as a new conversation', async () => {
    const delivery = await resend.receiveEmail({ from: 'Ana García <Ana@Example.com>', to: address, subject: 'Colour', text: 'Hi, do you do balayage?', messageId: '<first-1@mail.example>' })
    expect(delivery.status).toBe(200)
    const thread = (await threadOf('ana@example.com'))!
    expect(thread.customer).toMatchObject({ projectId: scope.projectId, name: 'Ana García' })
    expect(thread.conversation).toMatchObject({ unreadCount: 1, lastInboundChannel: 'email', lastMessagePreview: 'Colour: Hi, do you do balayage?' })
    expect(await messagesOf(thread.conversation.id)).toMatchObject([
      { direction: 'inbound', channel: 'email', subject: 'Colour', body: 'Hi, do you do balayage?', providerMessageId: delivery.emailId, emailMessageId: '<first-1@mail.example>' },
    ])
  })

  it('threads the customer\'s answer to our email by In-Reply-To, even from another address, keeping only the new text', async () => {
    const thread = (await threadOf('ana@example.com'))!
    const ours = await reply(thread.conversation.id, 'Yes we do! When would you like to come?')
    expect(await deliverPendingMessages(database.db, transport())).toEqual({ sent: 1, failed: 0 })
    const onResend = resend.sent.at(-1)!
    const ourMessageId = (onResend.body.headers as Record<string, string>)['Message-ID']!
    expect(onResend.body).toMatchObject({ to: 'ana@example.com', reply_to: address, subject: 'Re: Colour', headers: { 'In-Reply-To': '<first-1@mail.example>' } })
    expect(await messageRow(ours.id)).toMatchObject({ status: 'sent', providerMessageId: onResend.id, emailMessageId: ourMessageId })

    const answer = await resend.receiveEmail({
      from: 'Ana <ana@work.example>',
      to: address,
      subject: 'Re: Colour',
      text: 'Friday at 5 works for me.\n\nOn Tue, 2 Jun 2026 at 10:00, Salón Lucía <salon-mail@inbox.flectar.test> wrote:\n> Yes we do! When would you like to come?\n',
      inReplyTo: ourMessageId,
      references: ['<first-1@mail.example>', ourMessageId],
    })
    expect(answer.status).toBe(200)
    const messages = await messagesOf(thread.conversation.id)
    expect(messages.map(message => [message.direction, message.body])).toEqual([
      ['inbound', 'Hi, do you do balayage?'],
      ['outbound', 'Yes we do! When would you like to come?'],
      ['inbound', 'Friday at 5 works for me.'],
    ])
    expect((await threadOf('ana@example.com'))!.conversation.unreadCount).toBe(1)
    // Threaded by the header, the other address is no new customer.
    expect(await threadOf('ana@work.example')).toBeUndefined()

    // Resend retries the webhook: nothing new.
    const before = await allMessages()
    expect((await resend.resendWebhook()).status).toBe(200)
    expect(await allMessages()).toBe(before)
    expect(route.failures).toEqual([])
  })

  it('finds the project by plus-addressing and any letter case, among other recipients', async () => {
    await resend.receiveEmail({ from: 'bruno@example.com', to: `Salon-Mail+booking-42@${DOMAIN.toUpperCase()}`, subject: 'Booking 42', text: 'Can I move it?' })
    expect((await threadOf('bruno@example.com'))!.customer.projectId).toBe(scope.projectId)
    await resend.receiveEmail({ from: 'carla@example.com', to: ['friend@example.com', `"Salón Lucía" <${address}>`], subject: 'Hello', text: 'Hi all' })
    expect((await threadOf('carla@example.com'))!.customer.projectId).toBe(scope.projectId)
  })

  it('drops mail to an address of no project', async () => {
    const before = await allMessages()
    expect((await resend.receiveEmail({ from: 'spam@example.com', to: `nobody@${DOMAIN}`, subject: 'Hi', text: 'Buy' })).status).toBe(200)
    expect((await resend.receiveEmail({ from: 'spam@example.com', to: 'salon-mail@elsewhere.example', subject: 'Hi', text: 'Buy' })).status).toBe(200)
    expect((await resend.receiveEmail({ from: 'spam@example.com', to: `salon-mail@evil${DOMAIN}`, subject: 'Hi', text: 'Buy' })).status).toBe(200)
    expect(await allMessages()).toBe(before)
    expect(await threadOf('spam@example.com')).toBeUndefined()
  })

  it('marks a bounced email failed and stops email to that address; a delivered one becomes delivered', async () => {
    await resend.receiveEmail({ from: 'gone@example.com', to: address, subject: 'Question', text: 'Hello?' })
    await resend.receiveEmail({ from: 'dani@example.com', to: address, subject: 'Question', text: 'Hello?' })
    const gone = (await threadOf('gone@example.com'))!
    const dani = (await threadOf('dani@example.com'))!
    const toGone = await reply(gone.conversation.id, 'Here is the answer')
    const toDani = await reply(dani.conversation.id, 'Here is the answer')
    expect(await deliverPendingMessages(database.db, transport())).toEqual({ sent: 2, failed: 0 })
    const resendIdOf = async (id: string) => (await messageRow(id)).providerMessageId!

    expect((await resend.emitEvent({ type: 'email.bounced', emailId: await resendIdOf(toGone.id) })).status).toBe(200)
    expect(await messageRow(toGone.id)).toMatchObject({ status: 'failed', error: 'The email bounced: the address does not accept mail.' })
    expect(await optOutOf(database.db, scope.projectId, 'email', 'GONE@example.com')).toBe('bounce')
    const refused = await reply(gone.conversation.id, 'Trying again').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ConflictError)
    expect((refused as ConflictError).code).toBe('opted_out')

    await resend.emitEvent({ type: 'email.delivered', emailId: await resendIdOf(toDani.id) })
    expect((await messageRow(toDani.id)).status).toBe('delivered')
    // A complaint after delivery stops further email but does not rewrite what was delivered.
    await resend.emitEvent({ type: 'email.complained', emailId: await resendIdOf(toDani.id) })
    expect((await messageRow(toDani.id)).status).toBe('delivered')
    expect(await optOutOf(database.db, scope.projectId, 'email', 'dani@example.com')).toBe('complaint')
    expect(route.failures).toEqual([])
  })

  it('refuses a webhook that is not signed with our secret', async () => {
    const rawBody = JSON.stringify({ type: 'email.received', created_at: new Date().toISOString(), data: { email_id: 'x', from: 'a@example.com', to: [address], subject: 'Hi' } })
    const forged = await fetch(route.url, { method: 'POST', headers: { 'content-type': 'application/json', 'svix-id': 'msg_forged', 'svix-timestamp': String(Math.floor(Date.now() / 1000)), 'svix-signature': 'v1,bm9wZQ==' }, body: rawBody })
    expect(forged.status).toBe(400)
  })
})
