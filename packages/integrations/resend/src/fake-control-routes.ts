import type { z } from 'zod'
import type { FakeResend } from './fake-server'
import {
  FAKE_RESEND_EVENTS_PATH,
  FAKE_RESEND_RECEIVE_PATH,
  FAKE_RESEND_REPLAY_PATH,
  FAKE_RESEND_SENT_PATH,
  fakeResendEventSchema,
  fakeResendReceiveSchema,
  fakeResendReplaySchema,
} from './testing/control'

/** What the fake's control routes need from it: its in-process methods and state. */
export type FakeResendControls = Pick<FakeResend, 'sent' | 'deliveries' | 'receiveEmail' | 'emitEvent' | 'resendWebhook'> & {
  hasDefaultWebhookUrl: boolean
}

export interface FakeControlAnswer {
  status: number
  body: unknown
}

/**
 * Answers a `/_fake/...` request (see testing/control.ts). The checks for unknown ids and a
 * missing webhook URL are the ones the in-process methods throw on, made first so a test gets a
 * 4xx naming the problem instead of a 500.
 */
export async function answerFakeResendControl(controls: FakeResendControls, method: string, path: string, rawBody: string): Promise<FakeControlAnswer> {
  if (path === FAKE_RESEND_SENT_PATH) {
    return method === 'GET' ? { status: 200, body: { sent: controls.sent } } : wrongMethod('GET', path)
  }
  if (path !== FAKE_RESEND_RECEIVE_PATH && path !== FAKE_RESEND_EVENTS_PATH && path !== FAKE_RESEND_REPLAY_PATH) {
    return { status: 404, body: { error: 'not_found', message: `The fake Resend has no control route ${path}.` } }
  }
  if (method !== 'POST') return wrongMethod('POST', path)
  let json: unknown
  try {
    json = rawBody === '' ? {} : JSON.parse(rawBody)
  }
  catch {
    return { status: 400, body: { error: 'invalid_body', message: 'The body must be JSON.', fields: {} } }
  }

  if (path === FAKE_RESEND_RECEIVE_PATH) {
    const input = fakeResendReceiveSchema.safeParse(json)
    if (!input.success) return invalidBody(input.error)
    if (input.data.webhookUrl === undefined && !controls.hasDefaultWebhookUrl) return noWebhookUrl()
    return { status: 200, body: await controls.receiveEmail(input.data) }
  }
  if (path === FAKE_RESEND_EVENTS_PATH) {
    const input = fakeResendEventSchema.safeParse(json)
    if (!input.success) return invalidBody(input.error)
    if (input.data.webhookUrl === undefined && !controls.hasDefaultWebhookUrl) return noWebhookUrl()
    if (!controls.sent.some(email => email.id === input.data.emailId)) {
      return { status: 404, body: { error: 'not_found', message: 'No email with that emailId was sent through POST /emails.', fields: { emailId: 'Unknown email id' } } }
    }
    return { status: 200, body: await controls.emitEvent(input.data) }
  }
  const input = fakeResendReplaySchema.safeParse(json)
  if (!input.success) return invalidBody(input.error)
  const known = input.data.svixId === undefined ? controls.deliveries.length > 0 : controls.deliveries.some(delivery => delivery.svixId === input.data.svixId)
  if (!known) return { status: 404, body: { error: 'not_found', message: 'No such webhook delivery to replay.', fields: { svixId: 'Unknown svix id' } } }
  // As resendWebhook: the replay goes to the URL named here or the fake's default, not the original's.
  if (input.data.webhookUrl === undefined && !controls.hasDefaultWebhookUrl) return noWebhookUrl()
  return { status: 200, body: await controls.resendWebhook(input.data.svixId, input.data.webhookUrl) }
}

function wrongMethod(allowed: string, path: string): FakeControlAnswer {
  return { status: 405, body: { error: 'method_not_allowed', message: `${path} takes ${allowed} only.` } }
}

function noWebhookUrl(): FakeControlAnswer {
  return { status: 400, body: { error: 'invalid_body', message: 'webhookUrl is required: the fake was started without one.', fields: { webhookUrl: 'Required' } } }
}

/** Field path → first message, the same shape as @flectar/errors' field errors. */
function invalidBody(error: z.ZodError): FakeControlAnswer {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message
  const message = `Invalid body: ${Object.entries(fields).map(([field, text]) => `${field}: ${text}`).join('; ')}`
  return { status: 400, body: { error: 'invalid_body', message, fields } }
}
