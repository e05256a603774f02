import { describe, expect, it } from 'vitest'
import { createEmailTransport } from './create-email-transport'
import { startFakeResendServer } from './testing'
import { devMailboxTransport } from './transports/dev-mailbox-transport'

describe('createEmailTransport', () => {
  it('uses the dev mailbox without RESEND_API_KEY', async () => {
    expect(createEmailTransport({})).toBe(devMailboxTransport)
    expect(createEmailTransport({ RESEND_API_KEY: '  ' })).toBe(devMailboxTransport)
    const result = await devMailboxTransport.send({ to: 'a@example.com', subject: 'S', text: 'T' })
    expect(devMailboxTransport.name).toBe('dev-mailbox')
    expect(result.providerMessageId).toMatch(/^dev-[0-9a-f-]{36}$/)
  })

  it('uses Resend with RESEND_API_KEY, RESEND_BASE_URL and EMAIL_FROM (default sender otherwise)', async () => {
    const server = await startFakeResendServer({ apiKey: 're_env_key_123' })
    try {
      const env = { RESEND_API_KEY: 're_env_key_123', RESEND_BASE_URL: `${server.baseUrl}/` }
      const transport = createEmailTransport(env)
      expect(transport.name).toBe('resend')
      const { providerMessageId } = await transport.send({ to: 'a@example.com', subject: 'S', text: 'T' })
      expect(providerMessageId).toBe(server.sent[0]!.id)
      expect(server.sent[0]!.body.from).toBe('Flectar Base <no-reply@flectar.localhost>')
      await createEmailTransport({ ...env, EMAIL_FROM: 'Acme <hi@acme.test>' }).send({ to: 'a@example.com', subject: 'S', text: 'T' })
      expect(server.sent[1]!.body.from).toBe('Acme <hi@acme.test>')
    }
    finally {
      await server.close()
    }
  })
})
