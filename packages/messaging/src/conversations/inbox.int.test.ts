import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversations, customers, memberships, organizations, projects, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import type { ProjectScope } from './customers'
import { getConversation, inboxQuerySchema, listInbox, markConversationRead, updateConversation, updateConversationSchema } from './inbox'
import { recordInboundMessage, type InboundMessage } from './record-inbound'

// Issue 17, item 2: the inbox across an org's sites, filtered, searched and paged, and never
// showing another organisation's conversations.
describe('the inbox', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let one: ProjectScope
  let two: ProjectScope
  let paging: ProjectScope
  let otherOrg: ProjectScope
  let me: string
  let colleague: string
  let outsider: string
  const ids: Record<string, string> = {}
  const hour = 3_600_000

  async function message(scope: ProjectScope, name: string, input: InboundMessage) {
    const recorded = await recordInboundMessage(database.db, scope, { ...input, from: { name, ...input.from } })
    ids[name] = recorded.conversationId
    return recorded
  }

  beforeAll(async () => {
    database = await createTestDatabase()
    const { db } = database
    const [org] = await db.insert(organizations).values({ name: 'Salon', slug: 'salon-inbox-org' }).returning()
    const [other] = await db.insert(organizations).values({ name: 'Other', slug: 'other-inbox-org' }).returning()
    const sites = await db.insert(projects).values([
      { orgId: org!.id, name: 'Salón Lucía', slug: 'inbox-one' },
      { orgId: org!.id, name: 'Barbería', slug: 'inbox-two' },
      { orgId: org!.id, name: 'Paging', slug: 'inbox-paging' },
      { orgId: other!.id, name: 'Other', slug: 'inbox-other' },
    ]).returning()
    ;[one, two, paging, otherOrg] = sites.map(site => ({ orgId: site.orgId, projectId: site.id })) as [ProjectScope, ProjectScope, ProjectScope, ProjectScope]
    const people = await db.insert(users).values([{ email: 'me@salon.example', name: 'Me' }, { email: 'col@salon.example', name: 'Colleague' }, { email: 'out@other.example', name: 'Outsider' }]).returning()
    ;[me, colleague, outsider] = people.map(person => person.id) as [string, string, string]
    await db.insert(memberships).values([{ orgId: org!.id, userId: me, role: 'owner' }, { orgId: org!.id, userId: colleague, role: 'editor' }, { orgId: other!.id, userId: outsider, role: 'owner' }])

    await message(one, 'Ana García', { channel: 'email', from: { email: 'ana@example.com' }, subject: 'Colour', body: 'I\'d like a balayage on Friday' })
    await message(one, 'Bruno', { channel: 'sms', from: { phone: '+34600100200' }, body: 'Running late' })
    await message(one, 'Bruno', { channel: 'sms', from: { phone: '+34600100200' }, body: 'Ten minutes' })
    await message(one, 'Carla', { channel: 'whatsapp', from: { phone: '+34600300400' }, body: 'Hola', providerMessageId: 'wamid.carla' })
    await message(one, 'Dani', { channel: 'form', from: { email: 'dani@example.com' }, body: 'Call me back' })
    await message(one, 'Eva', { channel: 'email', from: { email: 'eva@example.com' }, body: 'Any news?' })
    await message(two, 'Fran', { channel: 'sms', from: { phone: '+34600500600' }, body: 'Beard trim?' })
    await message(otherOrg, 'Gema', { channel: 'email', from: { email: 'gema@example.com' }, body: 'A balayage please' })

    await updateConversation(db, one, ids.Bruno!, { assignedUserId: me })
    await updateConversation(db, one, ids.Carla!, { status: 'closed' })
    await updateConversation(db, one, ids.Dani!, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 24 * hour).toISOString() })
    // Snoozed until an hour ago: it is back in the open list.
    await updateConversation(db, one, ids.Eva!, { status: 'snoozed', snoozedUntil: new Date(Date.now() - hour).toISOString() })
    await updateConversation(db, two, ids.Fran!, { assignedUserId: colleague })
  })
  afterAll(() => database.drop())

  const list = (query: Record<string, unknown> = {}, orgId = one.orgId, userId = me) => listInbox(database.db, orgId, userId, parseInput(inboxQuerySchema, query))
  const names = async (query: Record<string, unknown> = {}, orgId?: string) => (await list(query, orgId)).data.map(row => row.customer.name)

  it('lists the open conversations of every site, newest first, with the customer, site and unread count', async () => {
    const page = await list()
    expect(page.data.map(row => row.customer.name)).toEqual(['Fran', 'Eva', 'Bruno', 'Ana García'])
    expect(page.data.find(row => row.customer.name === 'Bruno')).toMatchObject({
      projectId: one.projectId, projectName: 'Salón Lucía', status: 'open', unreadCount: 2, assignedUserId: me, lastInboundChannel: 'sms', lastMessagePreview: 'Ten minutes',
      customer: { phone: '+34600100200', email: null },
    })
    expect(page.data.find(row => row.customer.name === 'Eva')!.status).toBe('open')
    expect(page.nextCursor).toBeNull()
  })

  it('filters by site, channel, status and assignee', async () => {
    expect(await names({ projectId: one.projectId })).toEqual(['Eva', 'Bruno', 'Ana García'])
    expect(await names({ projectId: two.projectId })).toEqual(['Fran'])
    expect(await names({ channel: 'sms' })).toEqual(['Fran', 'Bruno'])
    expect(await names({ channel: 'whatsapp', status: 'all' })).toEqual(['Carla'])
    expect(await names({ channel: 'form', status: 'snoozed' })).toEqual(['Dani'])
    expect(await names({ status: 'closed' })).toEqual(['Carla'])
    expect(await names({ status: 'snoozed' })).toEqual(['Dani'])
    expect(await names({ status: 'all' })).toEqual(['Fran', 'Eva', 'Dani', 'Carla', 'Bruno', 'Ana García'])
    expect(await names({ assigned: 'me' })).toEqual(['Bruno'])
    expect(await names({ assigned: 'unassigned' })).toEqual(['Eva', 'Ana García'])
    expect(await names({ assigned: colleague })).toEqual(['Fran'])
  })

  it('searches a word of any message and the customer\'s name, email or phone', async () => {
    expect(await names({ q: 'balayage' })).toEqual(['Ana García'])
    expect(await names({ q: 'Colour' })).toEqual(['Ana García'])
    expect(await names({ q: 'garcía' })).toEqual(['Ana García'])
    expect(await names({ q: 'eva@example' })).toEqual(['Eva'])
    expect(await names({ q: '600100' })).toEqual(['Bruno'])
    expect(await names({ q: 'minutes', assigned: 'me' })).toEqual(['Bruno'])
    expect(await names({ q: 'hola', status: 'all' })).toEqual(['Carla'])
    // What a person types is text, never a pattern or a query error.
    expect(await names({ q: '%' })).toEqual([])
    expect(await names({ q: '"on friday" -late' })).toEqual(['Ana García'])
    expect(await names({ q: 'balayage' }, otherOrg.orgId)).toEqual(['Gema'])
  })

  it('counts unread messages of open conversations, and a conversation opened is read', async () => {
    expect(await list()).toMatchObject({ unread: 5, unreadConversations: 4 })
    expect(await list({ projectId: one.projectId })).toMatchObject({ unread: 4, unreadConversations: 3 })
    expect(await markConversationRead(database.db, one, ids.Bruno!)).toEqual({ id: ids.Bruno, unreadCount: 0 })
    expect(await list()).toMatchObject({ unread: 3, unreadConversations: 3 })
    expect((await list({ assigned: 'me' })).data[0]!.unreadCount).toBe(0)
  })

  it('opens a conversation with its messages oldest first, the customer and the WhatsApp window', async () => {
    const conversation = await getConversation(database.db, one, ids.Carla!)
    expect(conversation).toMatchObject({ id: ids.Carla, status: 'closed', customer: { name: 'Carla', phone: '+34600300400' }, bookings: [] })
    expect(conversation.messages).toMatchObject([{ direction: 'inbound', channel: 'whatsapp', body: 'Hola', author: null }])
    const [row] = await database.db.select().from(conversations).where(eq(conversations.id, ids.Carla!))
    expect(conversation.whatsappWindowEndsAt).toEqual(new Date(row!.lastWhatsappInboundAt!.getTime() + 24 * hour))
    expect((await getConversation(database.db, one, ids.Bruno!)).messages.map(item => item.body)).toEqual(['Running late', 'Ten minutes'])
  })

  it('never lists or opens another organisation\'s conversation', async () => {
    expect(await list({ projectId: one.projectId }, otherOrg.orgId, outsider)).toMatchObject({ data: [], unread: 0, unreadConversations: 0 })
    expect((await list({ status: 'all' }, otherOrg.orgId, outsider)).data.map(row => row.customer.name)).toEqual(['Gema'])
    await expect(getConversation(database.db, { orgId: otherOrg.orgId, projectId: one.projectId }, ids['Ana García']!)).rejects.toBeInstanceOf(NotFoundError)
    await expect(getConversation(database.db, otherOrg, ids['Ana García']!)).rejects.toBeInstanceOf(NotFoundError)
    await expect(markConversationRead(database.db, otherOrg, ids['Ana García']!)).rejects.toBeInstanceOf(NotFoundError)
    await expect(updateConversation(database.db, otherOrg, ids['Ana García']!, { status: 'closed' })).rejects.toBeInstanceOf(NotFoundError)
    // A site of the same org is not the conversation's site either.
    await expect(getConversation(database.db, two, ids['Ana García']!)).rejects.toBeInstanceOf(NotFoundError)
    const [ana] = await database.db.select().from(conversations).where(eq(conversations.id, ids['Ana García']!))
    expect(ana).toMatchObject({ status: 'open', unreadCount: 1 })
  })

  it('assigns only members of the organisation, as a 422 on the field', async () => {
    for (const stranger of [outsider, '00000000-0000-4000-8000-000000000000']) {
      const error = await updateConversation(database.db, one, ids['Ana García']!, { assignedUserId: stranger }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InvalidInputError)
      expect(error).toMatchObject({ statusCode: 422, data: { fields: { assignedUserId: expect.any(String) } } })
    }
    expect(await updateConversation(database.db, one, ids['Ana García']!, { assignedUserId: colleague })).toMatchObject({ assignedUserId: colleague })
    expect(await names({ assigned: colleague })).toEqual(['Fran', 'Ana García'])
    expect(await updateConversation(database.db, one, ids['Ana García']!, { assignedUserId: null })).toMatchObject({ assignedUserId: null })
  })

  it('closes, snoozes and reopens, with snoozing requiring a time', async () => {
    expect(() => parseInput(updateConversationSchema, { status: 'snoozed' })).toThrow(InvalidInputError)
    const until = new Date(Date.now() + hour)
    const input = parseInput(updateConversationSchema, { status: 'snoozed', snoozedUntil: until.toISOString() })
    expect(await updateConversation(database.db, one, ids.Eva!, input)).toMatchObject({ status: 'snoozed', snoozedUntil: until })
    expect(await names({ status: 'snoozed' })).toEqual(['Eva', 'Dani'])
    expect(await updateConversation(database.db, one, ids.Eva!, { status: 'open' })).toMatchObject({ status: 'open', snoozedUntil: null })
  })

  it('refuses a cursor it did not make as a field error', () => {
    expect(() => parseInput(inboxQuerySchema, { cursor: 'page-2' })).toThrow(InvalidInputError)
    expect(() => parseInput(inboxQuerySchema, { limit: 0 })).toThrow(InvalidInputError)
  })

  it('pages through every conversation with nextCursor, without duplicates or gaps', async () => {
    for (let index = 0; index < 7; index++) {
      await message(paging, `Paged ${index}`, { channel: 'sms', from: { phone: `+3469900000${index}` }, body: `Message ${index}` })
    }
    // An import files several conversations in one statement: they share one instant to the microsecond.
    const imported = await database.db.insert(customers).values(Array.from({ length: 5 }, (_, index) => ({ ...paging, name: `Imported ${index}`, email: `imported${index}@example.com` }))).returning()
    await database.db.insert(conversations).values(imported.map(customer => ({ ...paging, customerId: customer.id })))

    const everything = (await list({ projectId: paging.projectId, limit: 100 })).data.map(row => row.id)
    expect(everything).toHaveLength(12)
    const pages: string[][] = []
    let cursor: string | undefined
    do {
      const page = await list({ projectId: paging.projectId, limit: 4, ...(cursor ? { cursor } : {}) })
      pages.push(page.data.map(row => row.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor && pages.length < 10)
    expect(pages.map(page => page.length)).toEqual([4, 4, 4])
    expect(pages.flat()).toEqual(everything)
  })
})
