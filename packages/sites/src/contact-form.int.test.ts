import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { conversationMessages, conversations, customers, memberships, organizations, outboxMessages, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { contactFormSchema, submitContactForm } from './forms'
import { createProject } from './projects'
import type { Project } from './project-scope'

// Issue 13, item 8: the contact form kept the phone out of sight and nobody was told a message
// arrived. Every field filled in is stored, and the owners and admins get an email about it.
describe('a visitor writes through the contact form', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let project: Project
  const inboxUrl = 'https://admin.example/inbox?project=p1'

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon-contact' }).returning()
    const people = await database.db.insert(users).values(['owner', 'admin', 'editor', 'viewer'].map(role => ({ email: `${role}@salon.example`, name: role }))).returning()
    await database.db.insert(memberships).values(people.map(person => ({ orgId: org!.id, userId: person.id, role: person.name as 'owner' })))
    const [other] = await database.db.insert(organizations).values({ name: 'Other', slug: 'other-contact' }).returning()
    const [stranger] = await database.db.insert(users).values({ email: 'owner@other.example', name: 'Other' }).returning()
    await database.db.insert(memberships).values({ orgId: other!.id, userId: stranger!.id, role: 'owner' })
    project = await createProject(database.db, org!.id, { name: 'Salón Lucía', slug: 'salon-lucia', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)
  })
  afterAll(() => database.drop())

  // As the site's form handler does it: the post parsed by contactFormSchema, then submitted.
  const post = (fields: Record<string, string>) => submitContactForm(database.db, project, parseInput(contactFormSchema, {
    blockId: 'contact-form', pagePath: '/contact', name: 'Ana Visitor', email: 'ana@example.com', message: 'Do you cut curly hair?', ...fields,
  }), { inboxUrl: conversationId => `${inboxUrl}&conversation=${conversationId}` })
  const storedOf = async (id: string) => (await database.db.select().from(conversationMessages).where(eq(conversationMessages.id, id)))[0]
  const conversationOf = async (email: string) => (await database.db.select({ id: conversations.id }).from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId)).where(eq(customers.email, email)))[0]?.id
  const emails = () => database.db.select().from(outboxMessages).where(eq(outboxMessages.template, 'sites.contact_message')).orderBy(outboxMessages.createdAt)

  it('files the message in the customer\'s conversation with every field the visitor filled in, the phone included', async () => {
    const submitted = await post({ name: 'Ana Phone', email: 'ana.phone@example.com', phone: ' +34 600 123 456 ', message: 'Line one\nLine two', website: '' })
    expect(await storedOf(submitted!.id)).toMatchObject({
      orgId: project.orgId, projectId: project.id, conversationId: submitted!.conversationId, direction: 'inbound', channel: 'form', status: 'received', body: 'Line one\nLine two',
      fields: { name: 'Ana Phone', email: 'ana.phone@example.com', phone: '+34 600 123 456', message: 'Line one\nLine two', page: '/contact', block: 'contact-form' },
    })
    const [thread] = await database.db.select({ conversation: conversations, customer: customers }).from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId)).where(eq(conversations.id, submitted!.conversationId))
    expect(thread!.customer).toMatchObject({ projectId: project.id, name: 'Ana Phone', email: 'ana.phone@example.com', phone: '+34600123456' })
    expect(thread!.conversation).toMatchObject({ status: 'open', unreadCount: 1, lastInboundChannel: 'form', lastMessagePreview: 'Line one Line two' })
    // An optional phone left empty is no field at all.
    const withoutPhone = await post({ name: 'Ana No Phone', phone: '' })
    expect((await storedOf(withoutPhone!.id))!.fields).toEqual({ name: 'Ana No Phone', email: 'ana@example.com', message: 'Do you cut curly hair?', page: '/contact', block: 'contact-form' })
  })

  it('files a second message of the same visitor in the same conversation, reopened and unread', async () => {
    const first = await post({ email: 'twice@example.com', message: 'First' })
    await database.db.update(conversations).set({ status: 'closed', unreadCount: 0 }).where(eq(conversations.id, first!.conversationId))
    const second = await post({ email: 'TWICE@example.com', message: 'Second' })
    expect(second!.conversationId).toBe(first!.conversationId)
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.id, first!.conversationId))
    expect(conversation).toMatchObject({ status: 'open', unreadCount: 1, lastMessagePreview: 'Second' })
  })

  it('emails the owners and admins, replying to the visitor, with who wrote, how to reach them, the message and the admin link', async () => {
    const before = (await emails()).length
    await post({ name: 'Bruno <b>Díaz</b>', email: 'bruno@example.com', phone: '+34 611 222 333', message: 'Hello,\nI would like a quote & a date.' })
    const queued = (await emails()).slice(before)
    expect(queued.map(message => message.to).sort()).toEqual(['admin@salon.example', 'owner@salon.example'])
    for (const message of queued) {
      expect(message).toMatchObject({
        status: 'pending', replyTo: 'bruno@example.com', orgId: project.orgId, projectId: project.id, attachments: [],
        subject: 'New message from Bruno <b>Díaz</b> — Salón Lucía',
      })
      expect(message.text).toBe([
        'New message from Bruno <b>Díaz</b>',
        'Someone wrote to Salón Lucía with the contact form on /contact.',
        'Name: Bruno <b>Díaz</b>\nEmail: bruno@example.com\nPhone: +34 611 222 333',
        'Message:\nHello,\nI would like a quote & a date.',
        'Reply to this email to answer them.',
        `Open the conversation:\n${inboxUrl}&conversation=${await conversationOf('bruno@example.com')}`,
        '--\nYou get this email as an owner or admin of Salón Lucía.\nSalón Lucía\n',
      ].join('\n\n'))
      expect(message.html).toContain('Name: Bruno &lt;b&gt;Díaz&lt;/b&gt;<br>Email: bruno@example.com<br>Phone: +34 611 222 333')
      expect(message.html).toContain('Message:<br>Hello,<br>I would like a quote &amp; a date.')
      expect(message.html).toContain(`href="${inboxUrl}&amp;conversation=${await conversationOf('bruno@example.com')}"`)
      expect(message.html).not.toContain('<b>')
    }
    // Without a phone, the email has no phone line.
    await post({ name: 'Carla', email: 'carla@example.com' })
    const [carla] = (await emails()).filter(message => message.replyTo === 'carla@example.com')
    expect(carla!.text).toContain('Name: Carla\nEmail: carla@example.com\n\nMessage:')
  })

  it('stores and sends nothing for a bot that filled the honeypot', async () => {
    const submissions = (await database.db.select().from(conversationMessages)).length
    const sent = (await database.db.select().from(outboxMessages)).length
    expect(await post({ name: 'Bot', website: 'https://spam.example', phone: '+1 555 0100' })).toBeUndefined()
    expect(await database.db.select().from(conversationMessages)).toHaveLength(submissions)
    expect(await database.db.select().from(outboxMessages)).toHaveLength(sent)
  })
})
