import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationMessages, conversations, memberships, organizations, outboxMessages, projects, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { ConflictError, InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import type { ProjectScope } from './customers'
import { recordOptOut } from './delivery-events'
import { recordInboundMessage } from './record-inbound'
import { addConversationNote, emailMessageIdOf, noteSchema, replySchema, sendConversationReply, type InboxEnv } from './send-reply'

// Issue 17, items 1 and 3: a member answers on the channel the customer used; what cannot reach
// the customer is refused with a 409 saying why, and nothing is queued.
describe('sendConversationReply', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  let otherScope: ProjectScope
  let author: { userId: string }
  const env = { inboundEmailDomain: 'Inbox.Flectar.test' }
  const hour = 3_600_000

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon-reply-org' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Salón Lucía', slug: 'salon-reply' }).returning()
    const [member] = await database.db.insert(users).values({ email: 'lucia@salon.example', name: 'Lucía' }).returning()
    await database.db.insert(memberships).values({ orgId: org!.id, userId: member!.id, role: 'owner' })
    const [other] = await database.db.insert(organizations).values({ name: 'Other', slug: 'other-reply-org' }).returning()
    const [otherProject] = await database.db.insert(projects).values({ orgId: other!.id, name: 'Other', slug: 'other-reply' }).returning()
    scope = { orgId: org!.id, projectId: project!.id }
    otherScope = { orgId: other!.id, projectId: otherProject!.id }
    author = { userId: member!.id }
  })
  afterAll(() => database.drop())

  const reply = (conversationId: string, input: Record<string, unknown>, now?: Date, replyEnv: InboxEnv = env) =>
    sendConversationReply(database.db, scope, conversationId, parseInput(replySchema, input), author, replyEnv, now)
  const outboxRow = async (id: string) => (await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]!
  const messageRow = async (id: string) => (await database.db.select().from(conversationMessages).where(eq(conversationMessages.id, id)))[0]!
  const conversationRow = async (id: string) => (await database.db.select().from(conversations).where(eq(conversations.id, id)))[0]!
  const outboxCount = async () => (await database.db.select({ id: outboxMessages.id }).from(outboxMessages)).length
  async function refusal(run: () => Promise<unknown>) {
    const before = await outboxCount()
    const error = await run().then(() => undefined, (caught: unknown) => caught)
    expect(await outboxCount()).toBe(before)
    expect(error).toBeInstanceOf(ConflictError)
    return error as ConflictError
  }

  it('queues an email threaded under the customer\'s email, answering to the project\'s own address', async () => {
    const t0 = new Date(Date.now() - 10 * 60_000)
    const inbound = await recordInboundMessage(database.db, scope, {
      channel: 'email', from: { name: 'Ana', email: 'ana@example.com' }, subject: 'Haircut', body: 'Tuesday?', emailMessageId: '<cafe-1@mail.example>', receivedAt: t0,
    })
    const first = await reply(inbound.conversationId, { channel: 'email', body: 'Yes, at 10.' }, new Date(t0.getTime() + 60_000))
    const firstId = emailMessageIdOf(first.id, env)
    expect(firstId).toBe(`<${first.id}@inbox.flectar.test>`)
    expect(await outboxRow(first.outboxMessageId)).toMatchObject({
      ...scope, channel: 'email', status: 'pending', to: 'ana@example.com', replyTo: 'salon-reply@inbox.flectar.test', subject: 'Re: Haircut', text: 'Yes, at 10.',
      headers: { 'Message-ID': firstId, 'In-Reply-To': '<cafe-1@mail.example>', 'References': '<cafe-1@mail.example>' },
    })
    expect(await messageRow(first.id)).toMatchObject({
      direction: 'outbound', channel: 'email', status: 'queued', subject: 'Re: Haircut', body: 'Yes, at 10.', authorUserId: author.userId, outboxMessageId: first.outboxMessageId, emailMessageId: firstId,
    })
    expect(await conversationRow(inbound.conversationId)).toMatchObject({ unreadCount: 0, lastMessagePreview: 'Yes, at 10.' })

    // The next reply answers ours and keeps the whole chain, without "Re: Re:".
    const second = await reply(inbound.conversationId, { channel: 'email', body: 'See you then.' }, new Date(t0.getTime() + 120_000))
    expect(await outboxRow(second.outboxMessageId)).toMatchObject({
      subject: 'Re: Haircut',
      headers: { 'Message-ID': emailMessageIdOf(second.id, env), 'In-Reply-To': firstId, 'References': `<cafe-1@mail.example> ${firstId}` },
    })
  })

  it('names the subject after the business when nothing was said by email, and has no reply-to without inbound email', async () => {
    const inbound = await recordInboundMessage(database.db, scope, { channel: 'form', from: { name: 'Bea', email: 'bea@example.com' }, body: 'Call me' })
    const sent = await reply(inbound.conversationId, { channel: 'email', body: 'Hello Bea' }, undefined, { inboundEmailDomain: null })
    const row = await outboxRow(sent.outboxMessageId)
    expect(row).toMatchObject({ replyTo: null, subject: 'Message from Salón Lucía', headers: { 'Message-ID': `<${sent.id}@flectar.localhost>` } })
    expect(row.headers).not.toHaveProperty('In-Reply-To')
    // A subject the member writes is used as given.
    const custom = await reply(inbound.conversationId, { channel: 'email', body: 'Again', subject: 'Your quote' })
    expect((await outboxRow(custom.outboxMessageId)).subject).toBe('Your quote')
  })

  it('queues an SMS and a WhatsApp message on their own channel', async () => {
    const inbound = await recordInboundMessage(database.db, scope, { channel: 'whatsapp', from: { name: 'Carla', phone: '+34 600 111 222' }, body: 'Hola', providerMessageId: 'wamid.carla-1' })
    const sms = await reply(inbound.conversationId, { channel: 'sms', body: 'Texting you back' })
    expect(await outboxRow(sms.outboxMessageId)).toMatchObject({ channel: 'sms', to: '+34600111222', replyTo: null, subject: '', text: 'Texting you back', headers: {}, whatsappTemplate: null })
    expect(await messageRow(sms.id)).toMatchObject({ channel: 'sms', status: 'queued', subject: null, emailMessageId: null })

    const whatsapp = await reply(inbound.conversationId, { channel: 'whatsapp', body: 'On WhatsApp too' })
    expect(await outboxRow(whatsapp.outboxMessageId)).toMatchObject({ channel: 'whatsapp', to: '+34600111222', text: 'On WhatsApp too', whatsappTemplate: null })
    expect(await messageRow(whatsapp.id)).toMatchObject({ channel: 'whatsapp', status: 'queued', template: null })
  })

  it('refuses a channel the customer has no address on', async () => {
    const byPhone = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34600222333' }, body: 'Hi' })
    expect((await refusal(() => reply(byPhone.conversationId, { channel: 'email', body: 'Hello' }))).code).toBe('no_address')
    const byEmail = await recordInboundMessage(database.db, scope, { channel: 'email', from: { email: 'dani@example.com' }, body: 'Hi' })
    const error = await refusal(() => reply(byEmail.conversationId, { channel: 'sms', body: 'Hello' }))
    expect(error).toMatchObject({ code: 'no_address', statusCode: 409, data: { fields: { channel: expect.any(String) } } })
  })

  it('refuses an SMS to a customer who texted STOP, and an email to an address that bounced', async () => {
    const inbound = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34600333444' }, body: 'STOP' })
    await recordOptOut(database.db, scope.projectId, 'sms', '+34 600 333 444', 'stop')
    const error = await refusal(() => reply(inbound.conversationId, { channel: 'sms', body: 'Your booking' }))
    expect(error.code).toBe('opted_out')
    expect(error.message).toContain('START')

    const emailed = await recordInboundMessage(database.db, scope, { channel: 'email', from: { email: 'Gone@Example.com' }, body: 'Hi' })
    await recordOptOut(database.db, scope.projectId, 'email', 'gone@example.com', 'bounce')
    expect((await refusal(() => reply(emailed.conversationId, { channel: 'email', body: 'Hello' }))).code).toBe('opted_out')
    // Another project's opt-out is not this one's.
    await recordOptOut(database.db, otherScope.projectId, 'sms', '+34600444555', 'stop')
    const elsewhere = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34600444555' }, body: 'Hi' })
    await expect(reply(elsewhere.conversationId, { channel: 'sms', body: 'Hello' })).resolves.toMatchObject({ status: 'queued' })
  })

  it('refuses free-form WhatsApp outside the 24-hour window but sends an approved template', async () => {
    const now = new Date()
    const inbound = await recordInboundMessage(database.db, scope, { channel: 'whatsapp', from: { phone: '+34600555666' }, body: 'Hi', providerMessageId: 'wamid.eva-1', receivedAt: new Date(now.getTime() - 24 * hour) })
    const error = await refusal(() => reply(inbound.conversationId, { channel: 'whatsapp', body: 'Hello again' }, now))
    expect(error).toMatchObject({ code: 'whatsapp_window_closed', data: { fields: { template: expect.any(String) } } })
    // A minute earlier the window was still open.
    await expect(reply(inbound.conversationId, { channel: 'whatsapp', body: 'Hello again' }, new Date(now.getTime() - 60_000))).resolves.toMatchObject({ status: 'queued' })

    const template = { name: 'booking_reminder', languageCode: 'es', bodyParameters: ['martes', '10:00'] }
    const sent = await reply(inbound.conversationId, { channel: 'whatsapp', body: 'Reminder: Tuesday 10:00', template }, now)
    expect(await outboxRow(sent.outboxMessageId)).toMatchObject({ channel: 'whatsapp', whatsappTemplate: template })
    expect(await messageRow(sent.id)).toMatchObject({ template: 'whatsapp:booking_reminder', status: 'queued' })

    // A customer who never wrote on WhatsApp has no window at all.
    const bySms = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34600666777' }, body: 'Hi' })
    expect((await refusal(() => reply(bySms.conversationId, { channel: 'whatsapp', body: 'Hi' }))).code).toBe('whatsapp_window_closed')
  })

  it('refuses a template on another channel, and an empty reply, as field errors', () => {
    expect(() => parseInput(replySchema, { channel: 'sms', body: 'Hi', template: { name: 'x', languageCode: 'en' } })).toThrow(InvalidInputError)
    expect(() => parseInput(replySchema, { channel: 'email', body: '  ' })).toThrow(InvalidInputError)
  })

  it('does not reply into another project\'s conversation', async () => {
    const inbound = await recordInboundMessage(database.db, scope, { channel: 'email', from: { email: 'fran@example.com' }, body: 'Hi' })
    await expect(sendConversationReply(database.db, otherScope, inbound.conversationId, parseInput(replySchema, { channel: 'email', body: 'Hi' }), author, env)).rejects.toBeInstanceOf(NotFoundError)
    await expect(addConversationNote(database.db, otherScope, inbound.conversationId, parseInput(noteSchema, { body: 'x' }), author)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('keeps an internal note for members only: nothing queued, nothing reopened or marked', async () => {
    const inbound = await recordInboundMessage(database.db, scope, { channel: 'email', from: { email: 'gema@example.com' }, body: 'Thanks!' })
    await database.db.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, inbound.conversationId))
    const before = await conversationRow(inbound.conversationId)
    const outboxBefore = await outboxCount()
    const note = await addConversationNote(database.db, scope, inbound.conversationId, parseInput(noteSchema, { body: 'Prefers mornings' }), author)
    expect(note).toMatchObject({ direction: 'internal', channel: 'note', body: 'Prefers mornings', authorUserId: author.userId, outboxMessageId: null })
    expect(await outboxCount()).toBe(outboxBefore)
    expect(await conversationRow(inbound.conversationId)).toEqual(before)
  })
})
