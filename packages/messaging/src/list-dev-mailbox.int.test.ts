import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxMessages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { getOutboxMessage } from './get-outbox-message'
import { listDevMailbox } from './list-dev-mailbox'

describe('listDevMailbox and getOutboxMessage', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  const ids: string[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    const base = Date.parse('2026-01-10T10:00:00Z')
    const attachment = { filename: 'a.txt', contentType: 'text/plain', content: 'aGk=' }
    for (let index = 0; index < 5; index++) {
      const [row] = await database.db.insert(outboxMessages).values({
        to: index % 2 === 0 ? 'Ana@Example.com' : 'bob@example.com',
        subject: `Message ${index}`,
        text: `Body ${index}`,
        html: `<p>Body ${index}</p>`,
        template: 'auth.verify_email',
        attachments: index === 4 ? [attachment, attachment] : [],
        createdAt: new Date(base + index * 60_000),
      }).returning({ id: outboxMessages.id })
      ids.push(row!.id)
    }
  })
  afterAll(() => database.drop())

  it('lists every message newest first, without bodies', async () => {
    const entries = await listDevMailbox(database.db)
    expect(entries.map(entry => entry.subject)).toEqual(['Message 4', 'Message 3', 'Message 2', 'Message 1', 'Message 0'])
    expect(entries[0]).toMatchObject({ id: ids[4], status: 'pending', attachmentCount: 2, template: 'auth.verify_email' })
    expect(entries[0]).not.toHaveProperty('html')
    expect(entries[0]).not.toHaveProperty('attachments')
  })

  it('filters by recipient, case-insensitively, and limits', async () => {
    expect((await listDevMailbox(database.db, { to: 'ana@example.com' })).map(entry => entry.subject)).toEqual(['Message 4', 'Message 2', 'Message 0'])
    expect((await listDevMailbox(database.db, { to: 'bob@example.com', limit: 1 })).map(entry => entry.subject)).toEqual(['Message 3'])
    expect(await listDevMailbox(database.db, { to: 'nobody@example.com' })).toEqual([])
  })

  it('opens one message in full', async () => {
    expect(await getOutboxMessage(database.db, ids[1]!)).toMatchObject({ id: ids[1], text: 'Body 1', html: '<p>Body 1</p>', attachments: [] })
    expect(await getOutboxMessage(database.db, '00000000-0000-4000-8000-000000000000')).toBeUndefined()
    expect(await getOutboxMessage(database.db, 'not-a-uuid')).toBeUndefined()
  })
})
