import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxMessages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { enqueueEmail } from './enqueue-email'
import { EmailValidationError } from './validate-email-input'

describe('enqueueEmail', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database.drop())

  it('stores a pending email row', async () => {
    const attachment = { filename: 'booking.ics', contentType: 'text/calendar', content: Buffer.from('BEGIN:VCALENDAR').toString('base64') }
    const { id } = await enqueueEmail(database.db, {
      to: 'ana@example.com', subject: 'Booked', text: 'See you', html: '<p>See you</p>', template: 'booking.confirmed', attachments: [attachment],
    })
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id))
    expect(row).toMatchObject({
      channel: 'email', status: 'pending', to: 'ana@example.com', subject: 'Booked', text: 'See you', html: '<p>See you</p>',
      template: 'booking.confirmed', attachments: [attachment], attempts: 0, provider: null, providerMessageId: null, sentAt: null, orgId: null, replyTo: null,
    })
  })

  it('stores the reply-to address, for the provider to send', async () => {
    const { id } = await enqueueEmail(database.db, { to: 'owner@example.com', replyTo: 'visitor@example.com', subject: 'New message', text: 'Hi', template: 'sites.contact_message' })
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id))
    expect(row).toMatchObject({ to: 'owner@example.com', replyTo: 'visitor@example.com' })
  })

  it('commits and rolls back with the caller\'s transaction', async () => {
    const kept = await database.db.transaction(tx => enqueueEmail(tx, { to: 'kept@example.com', subject: 'S', text: 'T', template: 'auth.reset_password' }))
    expect(await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, kept.id))).toHaveLength(1)

    let rolledBackId: string | undefined
    await expect(database.db.transaction(async (tx) => {
      rolledBackId = (await enqueueEmail(tx, { to: 'gone@example.com', subject: 'S', text: 'T', template: 'auth.reset_password' })).id
      throw new Error('token insert failed')
    })).rejects.toThrow('token insert failed')
    expect(rolledBackId).toBeDefined()
    expect(await database.db.select().from(outboxMessages).where(eq(outboxMessages.to, 'gone@example.com'))).toHaveLength(0)
  })

  it('rejects invalid input without writing', async () => {
    await expect(enqueueEmail(database.db, { to: 'nobody', subject: 'S', text: 'T', template: 'auth.reset_password' })).rejects.toBeInstanceOf(EmailValidationError)
    expect(await database.db.select().from(outboxMessages).where(eq(outboxMessages.to, 'nobody'))).toHaveLength(0)
  })
})
