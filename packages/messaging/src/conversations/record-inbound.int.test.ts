import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationMessages, conversations, customers, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import type { ProjectScope } from './customers'
import { recordInboundMessage } from './record-inbound'

// Issue 17, item 1: every message a customer sends, on any channel, lands in their one thread.
describe('recordInboundMessage', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon-inbound-org' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Salón Lucía', slug: 'salon-inbound' }).returning()
    scope = { orgId: org!.id, projectId: project!.id }
  })
  afterAll(() => database.drop())

  const conversationRow = async (id: string) => (await database.db.select().from(conversations).where(eq(conversations.id, id)))[0]!
  const customerOf = async (id: string) => (await database.db.select().from(customers).where(eq(customers.id, id)))[0]!
  const messagesIn = async (conversationId: string) => (await database.db.select({ n: count() }).from(conversationMessages).where(eq(conversationMessages.conversationId, conversationId)))[0]!.n

  it('creates the customer and their conversation from a first email, unread, with a preview', async () => {
    const recorded = await recordInboundMessage(database.db, scope, {
      channel: 'email', from: { name: ' Ana García ', email: ' Ana@Example.COM ' }, subject: 'Haircut', body: 'Can I come\non Tuesday?', providerMessageId: 'email-1',
    })
    expect(recorded).toMatchObject({ duplicate: false, unreadCount: 1 })
    expect(await customerOf(recorded.customerId)).toMatchObject({ ...scope, name: 'Ana García', email: 'ana@example.com', phone: null })
    expect(await conversationRow(recorded.conversationId)).toMatchObject({
      ...scope, customerId: recorded.customerId, status: 'open', unreadCount: 1, lastInboundChannel: 'email', lastMessagePreview: 'Haircut: Can I come on Tuesday?', lastWhatsappInboundAt: null,
    })
    const [message] = await database.db.select().from(conversationMessages).where(eq(conversationMessages.id, recorded.messageId))
    expect(message).toMatchObject({ direction: 'inbound', channel: 'email', status: 'received', subject: 'Haircut', body: 'Can I come\non Tuesday?', providerMessageId: 'email-1' })
  })

  it('creates a customer from a phone alone, named by the number, in the normalised form', async () => {
    const recorded = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34 600-11 22 33' }, body: 'Hola' })
    expect(await customerOf(recorded.customerId)).toMatchObject({ name: '+34 600-11 22 33', email: null, phone: '+34600112233' })
    expect(await conversationRow(recorded.conversationId)).toMatchObject({ unreadCount: 1, lastInboundChannel: 'sms', lastMessagePreview: 'Hola' })
  })

  it('files the same person\'s next message in the same conversation and counts it unread', async () => {
    const first = await recordInboundMessage(database.db, scope, { channel: 'email', from: { email: 'bruno@example.com' }, body: 'One' })
    const again = await recordInboundMessage(database.db, scope, { channel: 'email', from: { name: 'Bruno', email: 'BRUNO@example.com' }, body: 'Two' })
    expect(again).toMatchObject({ conversationId: first.conversationId, customerId: first.customerId, unreadCount: 2, duplicate: false })

    const text = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34 611 000 111' }, body: 'Text one' })
    const textAgain = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34611000111' }, body: 'Text two' })
    expect(textAgain.conversationId).toBe(text.conversationId)
    expect(textAgain.unreadCount).toBe(2)
    expect(await messagesIn(text.conversationId)).toBe(2)
    // A phone-only thread and an email-only thread are different people until something links them.
    expect(text.conversationId).not.toBe(first.conversationId)
  })

  it('reopens a closed conversation and a snoozed one', async () => {
    const first = await recordInboundMessage(database.db, scope, { channel: 'email', from: { email: 'carla@example.com' }, body: 'Hello' })
    await database.db.update(conversations).set({ status: 'closed', unreadCount: 0 }).where(eq(conversations.id, first.conversationId))
    const afterClosed = await recordInboundMessage(database.db, scope, { channel: 'email', from: { email: 'carla@example.com' }, body: 'Are you there?' })
    expect(afterClosed.unreadCount).toBe(1)
    expect(await conversationRow(first.conversationId)).toMatchObject({ status: 'open', unreadCount: 1, lastMessagePreview: 'Are you there?' })

    await database.db.update(conversations).set({ status: 'snoozed', snoozedUntil: new Date(Date.now() + 86_400_000) }).where(eq(conversations.id, first.conversationId))
    await recordInboundMessage(database.db, scope, { channel: 'form', from: { name: 'Carla', email: 'carla@example.com' }, body: 'Third try', fields: { message: 'Third try' } })
    expect(await conversationRow(first.conversationId)).toMatchObject({ status: 'open', snoozedUntil: null, unreadCount: 2, lastInboundChannel: 'form', lastMessagePreview: 'Third try' })
  })

  it('keeps the preview short enough for the inbox list', async () => {
    const recorded = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34622000222' }, body: 'word '.repeat(60) })
    const { lastMessagePreview } = await conversationRow(recorded.conversationId)
    expect(lastMessagePreview).toHaveLength(140)
    expect(lastMessagePreview.endsWith('…')).toBe(true)
  })

  it('opens the WhatsApp window at the message\'s time, and a late older message does not move it back', async () => {
    const sentAt = new Date(Date.now() - 60_000)
    const recorded = await recordInboundMessage(database.db, scope, { channel: 'whatsapp', from: { name: 'Dani', phone: '+34633000333' }, body: 'Hi', providerMessageId: 'wamid.dani-1', receivedAt: sentAt })
    expect((await conversationRow(recorded.conversationId)).lastWhatsappInboundAt).toEqual(sentAt)

    await recordInboundMessage(database.db, scope, { channel: 'whatsapp', from: { phone: '+34633000333' }, body: 'Earlier', providerMessageId: 'wamid.dani-0', receivedAt: new Date(sentAt.getTime() - 3_600_000) })
    expect(await conversationRow(recorded.conversationId)).toMatchObject({ lastWhatsappInboundAt: sentAt, unreadCount: 2, lastInboundChannel: 'whatsapp' })

    // Other channels do not open it: the 24-hour window is WhatsApp's own rule.
    await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34633000333' }, body: 'By text' })
    expect((await conversationRow(recorded.conversationId)).lastWhatsappInboundAt).toEqual(sentAt)
  })

  it('files two texts of a new number that arrive at once in one conversation', async () => {
    // Twilio posts each text of a burst on its own connection; each webhook is one transaction.
    const texts = await Promise.all(['One', 'Two', 'Three'].map((body, index) => database.db.transaction(tx =>
      recordInboundMessage(tx, scope, { channel: 'sms', from: { phone: '+34655000555' }, body, providerMessageId: `SM-burst-${index}` }))))
    expect(new Set(texts.map(text => text.conversationId)).size).toBe(1)
    const [people] = await database.db.select({ n: count() }).from(customers).where(and(eq(customers.projectId, scope.projectId), eq(customers.phone, '+34655000555')))
    expect(people!.n).toBe(1)
    expect((await conversationRow(texts[0]!.conversationId)).unreadCount).toBe(3)
  })

  it('recognises a provider message seen before and changes nothing', async () => {
    const first = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34644000444' }, body: 'Only once', providerMessageId: 'SM-dup-1' })
    const before = await conversationRow(first.conversationId)
    const replay = await recordInboundMessage(database.db, scope, { channel: 'sms', from: { phone: '+34644000444' }, body: 'Only once', providerMessageId: 'SM-dup-1' })
    expect(replay).toMatchObject({ duplicate: true, conversationId: first.conversationId, messageId: first.messageId })
    expect(await messagesIn(first.conversationId)).toBe(1)
    expect(await conversationRow(first.conversationId)).toEqual(before)

    // The same id on another channel is another provider's message.
    const other = await recordInboundMessage(database.db, scope, { channel: 'whatsapp', from: { phone: '+34644000444' }, body: 'Different', providerMessageId: 'SM-dup-1' })
    expect(other.duplicate).toBe(false)
    const rows = await database.db.select().from(conversationMessages).where(and(eq(conversationMessages.conversationId, first.conversationId), eq(conversationMessages.providerMessageId, 'SM-dup-1')))
    expect(rows.map(row => row.channel).sort()).toEqual(['sms', 'whatsapp'])
  })
})
