import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { outboxMessages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { deliverPendingMessages } from './deliver-pending-messages'
import { enqueueEmail } from './enqueue-email'
import { startFakeResendServer } from './testing'
import { devMailboxTransport } from './transports/dev-mailbox-transport'
import type { EmailMessage, EmailTransport } from './transports/email-transport'
import { createResendTransport } from './transports/resend-transport'

/** A transport that records every call, optionally slowly or failing. */
function recordingTransport(options: { delayMs?: number, fail?: string } = {}) {
  const calls: EmailMessage[] = []
  const transport: EmailTransport = {
    name: 'recording',
    async send(message) {
      calls.push(message)
      if (options.delayMs) await new Promise(resolve => setTimeout(resolve, options.delayMs))
      if (options.fail) throw new Error(options.fail)
      return { providerMessageId: `rec-${calls.length}` }
    },
  }
  return { transport, calls }
}

describe('deliverPendingMessages', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>

  const enqueue = (count: number, to = 'ana@example.com') =>
    Promise.all(Array.from({ length: count }, (_, index) =>
      enqueueEmail(database.db, { to, subject: `Message ${index}`, text: `Body ${index}`, template: 'test.message' }).then(row => row.id)))
  const rows = (ids: string[]) => database.db.select().from(outboxMessages).where(inArray(outboxMessages.id, ids))

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database.drop())
  beforeEach(async () => {
    await database.db.delete(outboxMessages)
  })

  it('sends pending emails with the dev mailbox and marks them sent', async () => {
    const ids = await enqueue(3)
    expect(await deliverPendingMessages(database.db, devMailboxTransport)).toEqual({ sent: 3, failed: 0 })
    for (const row of await rows(ids)) {
      expect(row).toMatchObject({ status: 'sent', provider: 'dev-mailbox', attempts: 1, error: null })
      expect(row.providerMessageId).toMatch(/^dev-/)
      expect(row.sentAt).toBeInstanceOf(Date)
    }
  })

  it('never sends a sent row again', async () => {
    await enqueue(2)
    const { transport, calls } = recordingTransport()
    expect(await deliverPendingMessages(database.db, transport)).toEqual({ sent: 2, failed: 0 })
    expect(await deliverPendingMessages(database.db, transport)).toEqual({ sent: 0, failed: 0 })
    expect(calls).toHaveLength(2)
  })

  it('sends each message exactly once when two workers run at the same time', async () => {
    const ids = await enqueue(12)
    const { transport, calls } = recordingTransport({ delayMs: 15 })
    const [first, second] = await Promise.all([
      deliverPendingMessages(database.db, transport, { limit: 20 }),
      deliverPendingMessages(database.db, transport, { limit: 20 }),
    ])
    expect(first!.sent + second!.sent).toBe(12)
    expect(first!.sent).toBeGreaterThan(0)
    expect(second!.sent).toBeGreaterThan(0)
    expect(calls).toHaveLength(12)
    expect(new Set(calls.map(call => call.idempotencyKey))).toEqual(new Set(ids))
    expect((await rows(ids)).every(row => row.status === 'sent' && row.attempts === 1)).toBe(true)
  })

  it('honours the limit and sends oldest first', async () => {
    const { transport, calls } = recordingTransport()
    for (const subject of ['first', 'second', 'third']) {
      await enqueueEmail(database.db, { to: 'ana@example.com', subject, text: 'T', template: 'test.message' })
    }
    expect(await deliverPendingMessages(database.db, transport, { limit: 2, from: 'Acme <hi@acme.test>' })).toEqual({ sent: 2, failed: 0 })
    expect(calls.map(call => call.subject)).toEqual(['first', 'second'])
    expect(calls[0]!.from).toBe('Acme <hi@acme.test>')
  })

  it('counts failed attempts, keeps a redacted error, and gives up at maxAttempts', async () => {
    const [id] = await enqueue(1)
    const { transport, calls } = recordingTransport({ fail: 'provider down (Authorization: Bearer re_live_secret_key)' })

    expect(await deliverPendingMessages(database.db, transport, { maxAttempts: 3 })).toEqual({ sent: 0, failed: 1 })
    let [row] = await rows([id!])
    expect(row).toMatchObject({ status: 'pending', attempts: 1, provider: 'recording', sentAt: null })
    expect(row!.error).toContain('provider down')
    expect(row!.error).not.toContain('re_live_secret_key')
    expect(calls).toHaveLength(1)

    await deliverPendingMessages(database.db, transport, { maxAttempts: 3 })
    expect((await rows([id!]))[0]).toMatchObject({ status: 'pending', attempts: 2 })
    await deliverPendingMessages(database.db, transport, { maxAttempts: 3 })
    ;[row] = await rows([id!])
    expect(row).toMatchObject({ status: 'failed', attempts: 3 })

    expect(await deliverPendingMessages(database.db, transport, { maxAttempts: 3 })).toEqual({ sent: 0, failed: 0 })
    expect(calls).toHaveLength(3)
  })

  it('tries a failing message once per run and goes on with the others', async () => {
    await enqueue(1, 'bounce@example.com')
    await enqueue(2, 'ok@example.com')
    const transport: EmailTransport = {
      name: 'picky',
      async send(message) {
        if (message.to === 'bounce@example.com') throw new Error('mailbox full')
        return { providerMessageId: 'ok' }
      },
    }
    expect(await deliverPendingMessages(database.db, transport)).toEqual({ sent: 2, failed: 1 })
  })

  it('delivers through the real Resend SDK to a local Resend API', async () => {
    const apiKey = 're_int_test_0123456789'
    const server = await startFakeResendServer({ apiKey })
    try {
      const transport = createResendTransport({ apiKey, baseUrl: server.baseUrl, from: 'Flectar Base <no-reply@flectar.test>' })
      const attachment = { filename: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF').toString('base64') }
      const { id } = await enqueueEmail(database.db, {
        to: 'ana@example.com', replyTo: 'billing@acme.test', subject: 'Invoice', text: 'Attached', html: '<p>Attached</p>', template: 'billing.invoice', attachments: [attachment],
      })
      expect(await deliverPendingMessages(database.db, transport)).toEqual({ sent: 1, failed: 0 })

      const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id))
      expect(server.sent).toHaveLength(1)
      expect(row).toMatchObject({ status: 'sent', provider: 'resend', providerMessageId: server.sent[0]!.id, attempts: 1 })
      expect(server.requests[0]!.headers['idempotency-key']).toBe(id)
      expect(server.sent[0]!.body).toEqual({
        from: 'Flectar Base <no-reply@flectar.test>', to: 'ana@example.com', reply_to: 'billing@acme.test', subject: 'Invoice', text: 'Attached', html: '<p>Attached</p>',
        attachments: [{ filename: 'invoice.pdf', content: attachment.content, content_type: 'application/pdf' }],
      })

      server.failNext({ statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' })
      const failing = await enqueueEmail(database.db, { to: 'bob@example.com', subject: 'S', text: 'T', template: 'billing.invoice' })
      expect(await deliverPendingMessages(database.db, transport)).toEqual({ sent: 0, failed: 1 })
      const [failed] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, failing.id))
      expect(failed).toMatchObject({ status: 'pending', attempts: 1 })
      expect(failed!.error).toContain('EmailDeliveryError: Resend rejected the email (422 validation_error)')
      expect(failed!.error).not.toContain(apiKey)
    }
    finally {
      await server.close()
    }
  })
})
