import { z } from 'zod'
import { ResendWebhookError } from './resend-webhook-error'

/** The delivery-status events we act on; every other type is read as `{ type: 'other' }`. */
export const RESEND_DELIVERY_EVENT_TYPES = [
  'email.sent',
  'email.delivered',
  'email.delivery_delayed',
  'email.bounced',
  'email.complained',
  'email.failed',
] as const
export type ResendDeliveryEventType = typeof RESEND_DELIVERY_EVENT_TYPES[number]

export interface ResendReceivedAttachment {
  id: string
  filename: string | null
  contentType: string | null
  contentDisposition: string | null
  contentId: string | null
}

/** `email.received` carries metadata only: fetch the body with fetchReceivedEmail(emailId). */
export interface ResendEmailReceivedEvent {
  type: 'email.received'
  /** Resend's timestamp, as sent (ISO 8601, e.g. `2026-03-01T10:00:00.123456+00:00`). */
  createdAt: string
  data: {
    emailId: string
    /** The From header as written, e.g. `Ana <ana@example.com>`: see parseAddress. */
    from: string
    to: string[]
    cc: string[]
    bcc: string[]
    /** Which of our addresses it was delivered for (differs from `to` for Bcc and forwards). */
    receivedFor: string[]
    subject: string
    messageId: string | null
    attachments: ResendReceivedAttachment[]
  }
}

export interface ResendDeliveryEvent {
  type: ResendDeliveryEventType
  createdAt: string
  data: {
    /** The id POST /emails answered: our outbox's providerMessageId. */
    emailId: string
    to: string[]
    /** Only on `email.bounced`; `type` is e.g. `Permanent` or `Transient`. */
    bounce?: { type: string | null, subType: string | null, message: string | null }
    /** Only on `email.failed`. */
    failed?: { reason: string | null }
  }
}

/** Any other type (opens, clicks, contacts, domains, new ones): acknowledge it and move on. */
export interface ResendOtherEvent {
  type: 'other'
  rawType: string
}

export type ResendEvent = ResendEmailReceivedEvent | ResendDeliveryEvent | ResendOtherEvent

// Lists and optional texts are lenient (null, missing or a bare string all read), so a shape
// change in a field we barely use does not turn every delivery into a 400 that Resend retries.
const list = z.union([z.array(z.string()), z.string().transform(value => [value])]).nullish().transform(value => value ?? [])
const optionalText = z.string().nullish().catch(null).transform(value => value ?? null)

const receivedSchema = z.object({
  type: z.literal('email.received'),
  created_at: z.string(),
  data: z.object({
    email_id: z.string().min(1),
    from: z.string(),
    to: list,
    cc: list,
    bcc: list,
    received_for: list,
    subject: optionalText.transform(value => value ?? ''),
    message_id: optionalText,
    attachments: z.array(z.object({
      id: z.string(),
      filename: optionalText,
      content_type: optionalText,
      content_disposition: optionalText,
      content_id: optionalText,
    })).nullish().transform(value => value ?? []),
  }),
}).transform((event): ResendEmailReceivedEvent => ({
  type: event.type,
  createdAt: event.created_at,
  data: {
    emailId: event.data.email_id,
    from: event.data.from,
    to: event.data.to,
    cc: event.data.cc,
    bcc: event.data.bcc,
    receivedFor: event.data.received_for,
    subject: event.data.subject,
    messageId: event.data.message_id,
    attachments: event.data.attachments.map(attachment => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.content_type,
      contentDisposition: attachment.content_disposition,
      contentId: attachment.content_id,
    })),
  },
}))

const deliverySchema = z.object({
  type: z.enum(RESEND_DELIVERY_EVENT_TYPES),
  created_at: z.string(),
  data: z.object({
    email_id: z.string().min(1),
    to: list,
    bounce: z.object({ type: optionalText, subType: optionalText, message: optionalText }).nullish().catch(undefined),
    failed: z.object({ reason: optionalText }).nullish().catch(undefined),
  }),
}).transform((event): ResendDeliveryEvent => {
  const data: ResendDeliveryEvent['data'] = { emailId: event.data.email_id, to: event.data.to }
  if (event.data.bounce) data.bounce = event.data.bounce
  if (event.data.failed) data.failed = event.data.failed
  return { type: event.type, createdAt: event.created_at, data }
})

const envelopeSchema = z.object({ type: z.string().min(1) })

/**
 * Reads a webhook body (already JSON-parsed) into a ResendEvent. Throws only
 * `ResendWebhookError('bad_payload')`: no `type`, or a type we act on without the fields we need.
 */
export function parseResendEvent(json: unknown): ResendEvent {
  const envelope = envelopeSchema.safeParse(json)
  if (!envelope.success) throw new ResendWebhookError('bad_payload')
  const { type } = envelope.data
  const schema = type === 'email.received'
    ? receivedSchema
    : (RESEND_DELIVERY_EVENT_TYPES as readonly string[]).includes(type) ? deliverySchema : undefined
  if (schema === undefined) return { type: 'other', rawType: type }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new ResendWebhookError('bad_payload')
  return parsed.data
}
