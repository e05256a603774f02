import { z } from 'zod'

/** One message a customer sent to our business number. */
export interface WhatsAppInbound {
  kind: 'message'
  /** Our business number's Graph id: which project the message is for. */
  phoneNumberId: string
  /** The wamid: dedupe on it. */
  id: string
  /** The customer's WhatsApp id (digits, no +). */
  from: string
  /** The customer's profile name, when Meta sent one. */
  name: string | null
  timestamp: Date
  /** Meta's type: text, image, audio, video, document, sticker, button, interactive, location, … */
  type: string
  /** The text, a button's text, an interactive reply's title, or a media caption. */
  text: string | null
  media: { id: string, mimeType: string, caption: string | null } | null
}

/** A status update for a message we sent. */
export interface WhatsAppStatus {
  kind: 'status'
  phoneNumberId: string
  /** The wamid our send returned. */
  id: string
  status: 'sent' | 'delivered' | 'read' | 'failed'
  timestamp: Date
  recipientId: string
  /** The first of `errors[]`, for `failed`; act on the code, not the title. */
  error: { code: number, title: string } | null
}

export type WhatsAppWebhookItem = WhatsAppInbound | WhatsAppStatus

/**
 * A webhook body that is not Meta's documented envelope. `path` says where (never what value was
 * there: bodies hold phone numbers and message text). Map it to a 400, never a 500.
 */
export class WhatsAppPayloadError extends Error {
  override readonly name = 'WhatsAppPayloadError'
  readonly path: string
  constructor(path: string) {
    super(`WhatsApp webhook payload is not the documented envelope (at ${path === '' ? 'the root' : path})`)
    this.path = path
  }
}

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const
const STATUSES = ['sent', 'delivered', 'read', 'failed'] as const

const unixSeconds = z.string().regex(/^\d{1,12}$/).transform(seconds => new Date(Number(seconds) * 1000))
const mediaSchema = z.looseObject({ id: z.string().min(1), mime_type: z.string(), caption: z.string().optional() })
const replySchema = z.looseObject({ id: z.string(), title: z.string() })

const messageSchema = z.looseObject({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: unixSeconds,
  type: z.string().min(1),
  text: z.looseObject({ body: z.string() }).optional(),
  button: z.looseObject({ text: z.string() }).optional(),
  interactive: z.looseObject({ button_reply: replySchema.optional(), list_reply: replySchema.optional() }).optional(),
  image: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  video: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
})

const statusSchema = z.looseObject({
  id: z.string().min(1),
  // Kept loose: a status Meta adds later (`played` for voice notes) is skipped, not a 400.
  status: z.string().min(1),
  timestamp: unixSeconds,
  recipient_id: z.string().min(1),
  errors: z.array(z.looseObject({ code: z.number().int(), title: z.string() })).optional(),
})

const messagesValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string(), phone_number_id: z.string().min(1) }),
  contacts: z.array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string() }).optional() })).optional(),
  messages: z.array(messageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
})

const envelopeSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({
    id: z.string(),
    changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
  })),
})

/**
 * Reads a webhook body (already verified with verifyWhatsAppSignature, then JSON-parsed) into the
 * messages and statuses it carries, in order. Changes other than `messages` (account updates,
 * template reviews) are skipped. Throws only WhatsAppPayloadError.
 */
export function parseWhatsAppWebhook(json: unknown): WhatsAppWebhookItem[] {
  const envelope = parseOrThrow(envelopeSchema, json, '')
  const items: WhatsAppWebhookItem[] = []
  envelope.entry.forEach((entry, entryIndex) => {
    entry.changes.forEach((change, changeIndex) => {
      if (change.field !== 'messages') return
      const value = parseOrThrow(messagesValueSchema, change.value, `entry.${entryIndex}.changes.${changeIndex}.value`)
      const phoneNumberId = value.metadata.phone_number_id
      for (const message of value.messages ?? []) {
        const contact = value.contacts?.find(candidate => candidate.wa_id === message.from)
        items.push({ kind: 'message', phoneNumberId, id: message.id, from: message.from, name: contact?.profile?.name ?? null, timestamp: message.timestamp, type: message.type, ...contentOf(message) })
      }
      for (const status of value.statuses ?? []) {
        if (!isKnownStatus(status.status)) continue
        const first = status.errors?.[0]
        items.push({
          kind: 'status',
          phoneNumberId,
          id: status.id,
          status: status.status,
          timestamp: status.timestamp,
          recipientId: status.recipient_id,
          error: first === undefined ? null : { code: first.code, title: first.title },
        })
      }
    })
  })
  return items
}

function contentOf(message: z.infer<typeof messageSchema>): Pick<WhatsAppInbound, 'text' | 'media'> {
  if (message.type === 'text') return { text: message.text?.body ?? null, media: null }
  if (message.type === 'button') return { text: message.button?.text ?? null, media: null }
  if (message.type === 'interactive') {
    const reply = message.interactive?.button_reply ?? message.interactive?.list_reply
    return { text: reply?.title ?? null, media: null }
  }
  const mediaType = MEDIA_TYPES.find(type => type === message.type)
  const media = mediaType === undefined ? undefined : message[mediaType]
  if (media === undefined) return { text: null, media: null }
  const caption = media.caption ?? null
  return { text: caption, media: { id: media.id, mimeType: media.mime_type, caption } }
}

function isKnownStatus(status: string): status is WhatsAppStatus['status'] {
  return (STATUSES as readonly string[]).includes(status)
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, basePath: string): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issuePath = result.error.issues[0]?.path.map(String).join('.') ?? ''
  throw new WhatsAppPayloadError([basePath, issuePath].filter(part => part !== '').join('.'))
}
