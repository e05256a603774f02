import { z } from 'zod'
import type { FakeResendDelivery } from '../fake-server'
import { RESEND_DELIVERY_EVENT_TYPES } from '../resend-event'

/**
 * The fake Resend's test-only routes (Resend has none of them) and typed helpers to call them.
 * The e2e fakes run in the global setup's process, so a test file can only reach them over HTTP;
 * each route calls the in-process method of the same name, so both behave alike. No auth: they
 * are the test's hand on the provider, and `/_fake/` is a prefix no SDK path uses.
 */

export const FAKE_RESEND_CONTROL_PREFIX = '/_fake/'
/** POST {@link FakeResendReceiveInput} → {@link FakeResendReceiveResult} (`receiveEmail`). */
export const FAKE_RESEND_RECEIVE_PATH = '/_fake/receive'
/** POST {@link FakeResendEventInput} → {@link FakeResendEventResult} (`emitEvent`). */
export const FAKE_RESEND_EVENTS_PATH = '/_fake/events'
/** GET → `{ sent: FakeResendSentEmail[] }`, the accepted `POST /emails` bodies. */
export const FAKE_RESEND_SENT_PATH = '/_fake/sent'
/** POST {@link FakeResendReplayInput} → the new {@link FakeResendDelivery} (`resendWebhook`). */
export const FAKE_RESEND_REPLAY_PATH = '/_fake/replay'

const webhookUrl = z.url({ protocol: /^https?$/ }).optional()
const nonEmpty = z.string().min(1)

export const fakeResendReceiveSchema = z.strictObject({
  webhookUrl,
  from: nonEmpty,
  to: z.union([nonEmpty, z.array(nonEmpty).min(1)]),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  inReplyTo: nonEmpty.optional(),
  references: z.array(nonEmpty).optional(),
  messageId: nonEmpty.optional(),
})

export const fakeResendEventSchema = z.strictObject({
  webhookUrl,
  type: z.enum(RESEND_DELIVERY_EVENT_TYPES),
  emailId: nonEmpty,
  bounce: z.strictObject({ type: z.string(), subType: z.string(), message: z.string() }).optional(),
})

export const fakeResendReplaySchema = z.strictObject({
  svixId: nonEmpty.optional(),
  webhookUrl,
})

export type FakeResendReceiveInput = z.input<typeof fakeResendReceiveSchema>
export type FakeResendEventInput = z.input<typeof fakeResendEventSchema>
export type FakeResendReplayInput = z.input<typeof fakeResendReplaySchema>
export interface FakeResendReceiveResult { emailId: string, status: number, text: string }
export interface FakeResendEventResult { svixId: string, status: number, text: string }
/** One accepted `POST /emails`: the id answered and the body as our code sent it (`headers` included). */
export interface FakeResendSentEmail { id: string, body: Record<string, unknown> }

/** Stores an inbound email in the fake at `baseUrl` and has it POST the signed `email.received`. */
export function fakeResendReceive(baseUrl: string, input: FakeResendReceiveInput): Promise<FakeResendReceiveResult> {
  return callFakeResend(baseUrl, FAKE_RESEND_RECEIVE_PATH, input)
}

/** Has the fake POST a signed delivery event for an email it accepted. */
export function fakeResendEvent(baseUrl: string, input: FakeResendEventInput): Promise<FakeResendEventResult> {
  return callFakeResend(baseUrl, FAKE_RESEND_EVENTS_PATH, input)
}

/** The emails our code sent through the fake, oldest first. */
export async function fakeResendSent(baseUrl: string): Promise<FakeResendSentEmail[]> {
  return (await callFakeResend<{ sent: FakeResendSentEmail[] }>(baseUrl, FAKE_RESEND_SENT_PATH)).sent
}

/** Re-POSTs an earlier webhook (default the last) with the same svix-id, as a Svix retry. */
export function fakeResendReplay(baseUrl: string, input: FakeResendReplayInput = {}): Promise<FakeResendDelivery> {
  return callFakeResend(baseUrl, FAKE_RESEND_REPLAY_PATH, input)
}

/** GET without a body, POST with one; any non-2xx is thrown with its status and body. */
async function callFakeResend<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, init)
  const text = await response.text()
  if (!response.ok) throw new Error(`fake Resend ${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`)
  return JSON.parse(text) as T
}
