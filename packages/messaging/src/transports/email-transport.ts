import type { OutboxAttachment } from '@flectar/db'

/** One email as a transport sends it. */
export interface EmailMessage {
  /** Sender; the transport's configured sender when omitted. */
  from?: string
  to: string
  /** Where replies go instead of the sender. */
  replyTo?: string | null
  subject: string
  text: string
  html?: string | null
  attachments?: OutboxAttachment[]
  /** `Message-ID`, `In-Reply-To`, `References`: what threads a reply in the customer's mail app. */
  headers?: Record<string, string>
  /** Lets the provider drop a repeated send of the same message (the outbox row id). */
  idempotencyKey?: string
}

/** Where outgoing email goes: a real provider or the dev mailbox. */
export interface EmailTransport {
  /** Stored as `provider` on each sent outbox row. */
  readonly name: string
  /** Hands the message to the provider; throws (ideally an `EmailDeliveryError`) on failure. */
  send(message: EmailMessage): Promise<{ providerMessageId: string }>
}
