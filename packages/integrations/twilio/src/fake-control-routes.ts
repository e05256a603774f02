import type { FakeTwilio } from './fake-server'
import {
  FAKE_TWILIO_INBOUND_PATH,
  FAKE_TWILIO_SENT_PATH,
  FAKE_TWILIO_STATUS_PATH,
  type FakeTwilioInboundInput,
  type FakeTwilioStatusInput,
} from './testing/control'

/** What the fake's control routes need from it: its in-process methods and state. */
export type FakeTwilioControls = Pick<FakeTwilio, 'sent' | 'messages' | 'sendInbound' | 'sendStatus'>

export interface FakeControlAnswer {
  status: number
  body: unknown
}

/** A field's rule: the message when the value is wrong. (Hand-written: this package has no zod.) */
type FieldRule = (value: unknown) => string | undefined

const text: FieldRule = value => (typeof value === 'string' ? undefined : 'Expected a string')
const nonEmptyText: FieldRule = value => (typeof value === 'string' && value !== '' ? undefined : 'Required: a non-empty string')
const httpUrl: FieldRule = value => (typeof value === 'string' && /^https?:$/.test(URL.parse(value)?.protocol ?? '') ? undefined : 'Expected an http(s) URL')
const optionalErrorCode: FieldRule = value => (value === undefined || (Number.isInteger(value) && (value as number) > 0) ? undefined : 'Expected a positive integer')

const INBOUND_RULES: Record<keyof FakeTwilioInboundInput, FieldRule> = { url: httpUrl, from: nonEmptyText, to: nonEmptyText, body: text }
const STATUS_RULES: Record<keyof FakeTwilioStatusInput, FieldRule> = { sid: nonEmptyText, status: nonEmptyText, errorCode: optionalErrorCode }

/**
 * Answers a `/_fake/...` request (see testing/control.ts). The checks for an unknown sid or one
 * sent without a StatusCallback are the ones sendStatus throws on, made first so a test gets a
 * 4xx naming the problem; a webhook that cannot be reached is a 502.
 */
export async function answerFakeTwilioControl(controls: FakeTwilioControls, method: string, path: string, rawBody: string): Promise<FakeControlAnswer> {
  if (path === FAKE_TWILIO_SENT_PATH) {
    return method === 'GET' ? { status: 200, body: { sent: controls.sent } } : wrongMethod('GET', path)
  }
  if (path !== FAKE_TWILIO_INBOUND_PATH && path !== FAKE_TWILIO_STATUS_PATH) {
    return { status: 404, body: { error: 'not_found', message: `The fake Twilio has no control route ${path}.` } }
  }
  if (method !== 'POST') return wrongMethod('POST', path)
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  }
  catch {
    return { status: 400, body: { error: 'invalid_body', message: 'The body must be JSON.', fields: {} } }
  }

  if (path === FAKE_TWILIO_INBOUND_PATH) {
    const input = validate<FakeTwilioInboundInput>(json, INBOUND_RULES)
    if ('answer' in input) return input.answer
    return delivered(() => controls.sendInbound(input.value))
  }
  const input = validate<FakeTwilioStatusInput>(json, STATUS_RULES)
  if ('answer' in input) return input.answer
  const { sid, status, errorCode } = input.value
  const message = controls.messages.get(sid)
  if (message?.direction !== 'outbound-api') {
    return { status: 404, body: { error: 'not_found', message: 'No outbound message with that sid.', fields: { sid: 'Unknown message sid' } } }
  }
  if (message.statusCallback === null) {
    return { status: 409, body: { error: 'no_status_callback', message: 'That message was sent without a StatusCallback; send it with one to get status webhooks.', fields: { sid: 'Sent without a StatusCallback' } } }
  }
  return delivered(() => controls.sendStatus(sid, status, errorCode === undefined ? {} : { errorCode }))
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

/** Field → first message, the same shape as @flectar/errors' field errors; unknown fields are refused. */
function validate<T>(json: unknown, rules: Record<string, FieldRule>): { value: T } | { answer: FakeControlAnswer } {
  const fields: Record<string, string> = {}
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fields._ = 'Expected a JSON object'
  else {
    const body = json as Record<string, unknown>
    for (const [name, rule] of Object.entries(rules)) {
      const problem = rule(body[name])
      if (problem !== undefined) fields[name] = problem
    }
    for (const name of Object.keys(body)) if (!(name in rules)) fields[name] = 'Unknown field'
  }
  if (Object.keys(fields).length === 0) return { value: json as T }
  const message = `Invalid body: ${Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`).join('; ')}`
  return { answer: { status: 400, body: { error: 'invalid_body', message, fields } } }
}
