import type { z } from 'zod'
import type { FakeWhatsApp } from './fake-server'
import {
  FAKE_WHATSAPP_INBOUND_PATH,
  FAKE_WHATSAPP_SENT_PATH,
  FAKE_WHATSAPP_STATUS_PATH,
  fakeWhatsAppInboundSchema,
  fakeWhatsAppStatusSchema,
} from './testing/control'

/** What the fake's control routes need from it: its in-process methods and state. */
export type FakeWhatsAppControls = Pick<FakeWhatsApp, 'sent' | 'sendInbound' | 'sendStatus'>

export interface FakeControlAnswer {
  status: number
  body: unknown
}

/**
 * Answers a `/_fake/...` request (see testing/control.ts). The unknown-messageId check is the one
 * sendStatus throws on, made first so a test gets a 404 naming the problem; a webhook that cannot
 * be reached is a 502.
 */
export async function answerFakeWhatsAppControl(controls: FakeWhatsAppControls, method: string, path: string, rawBody: string): Promise<FakeControlAnswer> {
  if (path === FAKE_WHATSAPP_SENT_PATH) {
    return method === 'GET' ? { status: 200, body: { sent: controls.sent } } : wrongMethod('GET', path)
  }
  if (path !== FAKE_WHATSAPP_INBOUND_PATH && path !== FAKE_WHATSAPP_STATUS_PATH) {
    return { status: 404, body: { error: 'not_found', message: `The fake WhatsApp has no control route ${path}.` } }
  }
  if (method !== 'POST') return wrongMethod('POST', path)
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  }
  catch {
    return { status: 400, body: { error: 'invalid_body', message: 'The body must be JSON.', fields: {} } }
  }

  if (path === FAKE_WHATSAPP_INBOUND_PATH) {
    const input = fakeWhatsAppInboundSchema.safeParse(json)
    if (!input.success) return invalidBody(input.error)
    return delivered(() => controls.sendInbound(input.data))
  }
  const input = fakeWhatsAppStatusSchema.safeParse(json)
  if (!input.success) return invalidBody(input.error)
  if (input.data.recipientId === undefined && !controls.sent.some(message => message.id === input.data.messageId)) {
    return { status: 404, body: { error: 'not_found', message: 'The fake sent no message with that messageId; pass recipientId for one it did not send.', fields: { messageId: 'Unknown message id' } } }
  }
  return delivered(() => controls.sendStatus(input.data))
}

async function delivered(send: () => Promise<unknown>): Promise<FakeControlAnswer> {
  try {
    return { status: 200, body: await send() }
  }
  catch (error) {
    return { status: 502, body: { error: 'webhook_unreachable', message: `The fake could not deliver the webhook: ${error instanceof Error ? error.message : String(error)}` } }
  }
}

function wrongMethod(allowed: string, path: string): FakeControlAnswer {
  return { status: 405, body: { error: 'method_not_allowed', message: `${path} takes ${allowed} only.` } }
}

/** Field path → first message, the same shape as @flectar/errors' field errors. */
function invalidBody(error: z.ZodError): FakeControlAnswer {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message
  const message = `Invalid body: ${Object.entries(fields).map(([field, text]) => `${field}: ${text}`).join('; ')}`
  return { status: 400, body: { error: 'invalid_body', message, fields } }
}
