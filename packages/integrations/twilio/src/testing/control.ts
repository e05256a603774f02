import type { FakeTwilioResponse, FakeTwilioSentMessage } from '../fake-server'

/**
 * The fake Twilio's test-only routes (Twilio has none of them) and typed helpers to call them.
 * The e2e fakes run in the global setup's process, so a test file can only reach them over HTTP;
 * each route calls the in-process method of the same name, so both behave alike. No auth: they
 * are the test's hand on the provider, and `/_fake/` is a prefix no SDK path uses.
 */

export const FAKE_TWILIO_CONTROL_PREFIX = '/_fake/'
/** POST {@link FakeTwilioInboundInput} → {@link FakeTwilioResponse} (`sendInbound`). */
export const FAKE_TWILIO_INBOUND_PATH = '/_fake/inbound'
/** POST {@link FakeTwilioStatusInput} → {@link FakeTwilioResponse} (`sendStatus`). */
export const FAKE_TWILIO_STATUS_PATH = '/_fake/status'
/** GET → `{ sent: FakeTwilioSentMessage[] }`, the messages accepted through Messages.json. */
export const FAKE_TWILIO_SENT_PATH = '/_fake/sent'

export interface FakeTwilioInboundInput {
  /** Our webhook's full public URL: what the signature covers. */
  url: string
  from: string
  /** Our number. */
  to: string
  body: string
}

export interface FakeTwilioStatusInput {
  sid: string
  status: string
  /** For failed/undelivered; default 30008. */
  errorCode?: number
}

/** Has the fake text `body` to our webhook, signed, with STOP/START applied first. */
export function fakeTwilioInbound(baseUrl: string, input: FakeTwilioInboundInput): Promise<FakeTwilioResponse> {
  return callFakeTwilio(baseUrl, FAKE_TWILIO_INBOUND_PATH, input)
}

/** Moves a sent message to `status` and has the fake POST its signed status callback. */
export function fakeTwilioStatus(baseUrl: string, input: FakeTwilioStatusInput): Promise<FakeTwilioResponse> {
  return callFakeTwilio(baseUrl, FAKE_TWILIO_STATUS_PATH, input)
}

/** The SMS our code sent through the fake, oldest first. */
export async function fakeTwilioSent(baseUrl: string): Promise<FakeTwilioSentMessage[]> {
  return (await callFakeTwilio<{ sent: FakeTwilioSentMessage[] }>(baseUrl, FAKE_TWILIO_SENT_PATH)).sent
}

/** GET without a body, POST with one; any non-2xx is thrown with its status and body. */
async function callFakeTwilio<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, init)
  const text = await response.text()
  if (!response.ok) throw new Error(`fake Twilio ${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`)
  return JSON.parse(text) as T
}
