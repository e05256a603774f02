import { z } from 'zod'
import type { FakeWhatsAppSent, FakeWhatsAppWebhookResult } from '../fake-server'

/**
 * The fake Graph API's test-only routes (Meta has none of them) and typed helpers to call them.
 * The e2e fakes run in the global setup's process, so a test file can only reach them over HTTP;
 * each route calls the in-process method of the same name, so both behave alike. No auth: they
 * are the test's hand on the provider, and `/_fake/` is a prefix no Graph path uses.
 */

export const FAKE_WHATSAPP_CONTROL_PREFIX = '/_fake/'
/** POST {@link FakeWhatsAppInboundInput} → `{ status, text, messageId }` (`sendInbound`). */
export const FAKE_WHATSAPP_INBOUND_PATH = '/_fake/inbound'
/** POST {@link FakeWhatsAppStatusInput} → `{ status, text }` (`sendStatus`). */
export const FAKE_WHATSAPP_STATUS_PATH = '/_fake/status'
/** GET → `{ sent: FakeWhatsAppSentJson[] }`, the messages the fake accepted. */
export const FAKE_WHATSAPP_SENT_PATH = '/_fake/sent'

const webhookUrl = z.url({ protocol: /^https?$/ })

export const fakeWhatsAppInboundSchema = z.strictObject({
  url: webhookUrl,
  /** +E.164 or digits, as sendInbound takes it. */
  from: z.string().regex(/^\+?[1-9]\d{6,14}$/, 'Expected a phone number, +E.164 or digits'),
  text: z.string().min(1),
  name: z.string().min(1).optional(),
})

export const fakeWhatsAppStatusSchema = z.strictObject({
  url: webhookUrl,
  messageId: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  errorCode: z.int().positive().optional(),
  /** Digits; needed only for a message the fake did not send. */
  recipientId: z.string().regex(/^\d{7,15}$/, 'Expected digits').optional(),
})

export type FakeWhatsAppInboundInput = z.input<typeof fakeWhatsAppInboundSchema>
export type FakeWhatsAppStatusInput = z.input<typeof fakeWhatsAppStatusSchema>
/** A sent message as JSON carries it: `at` is an ISO string. */
export type FakeWhatsAppSentJson = Omit<FakeWhatsAppSent, 'at'> & { at: string }

/** Has the fake POST a signed inbound text to our webhook; it opens that sender's 24-hour window. */
export function fakeWhatsAppInbound(baseUrl: string, input: FakeWhatsAppInboundInput): Promise<FakeWhatsAppWebhookResult & { messageId: string }> {
  return callFakeWhatsApp(baseUrl, FAKE_WHATSAPP_INBOUND_PATH, input)
}

/** Has the fake POST a signed status webhook for a message, in any order. */
export function fakeWhatsAppStatus(baseUrl: string, input: FakeWhatsAppStatusInput): Promise<FakeWhatsAppWebhookResult> {
  return callFakeWhatsApp(baseUrl, FAKE_WHATSAPP_STATUS_PATH, input)
}

/** The messages our code sent through the fake, oldest first. */
export async function fakeWhatsAppSent(baseUrl: string): Promise<FakeWhatsAppSentJson[]> {
  return (await callFakeWhatsApp<{ sent: FakeWhatsAppSentJson[] }>(baseUrl, FAKE_WHATSAPP_SENT_PATH)).sent
}

/** GET without a body, POST with one; any non-2xx is thrown with its status and body. */
async function callFakeWhatsApp<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, init)
  const text = await response.text()
  if (!response.ok) throw new Error(`fake WhatsApp ${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`)
  return JSON.parse(text) as T
}
