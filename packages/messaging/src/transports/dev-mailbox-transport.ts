import { randomUUID } from 'node:crypto'
import type { EmailTransport } from './email-transport'

/**
 * The default with no provider configured: sends nothing. The outbox row itself is the
 * dev mailbox, shown in the admin app (`listDevMailbox`).
 */
export const devMailboxTransport: EmailTransport = {
  name: 'dev-mailbox',
  async send() {
    return { providerMessageId: `dev-${randomUUID()}` }
  },
}
