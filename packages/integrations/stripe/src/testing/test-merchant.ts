import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { paymentFromStripeEvent, type StripePaymentEvent } from '../payment-event'
import { type StripeWebhookVerification, type VerifiedStripeEvent, verifyStripeWebhook } from '../webhook'

/** One webhook delivery as the merchant's server received and judged it. */
export interface ReceivedWebhook {
  rawBody: string
  signature: string | undefined
  verification: StripeWebhookVerification
  /** Set for valid deliveries whose event id was seen before: not applied again. */
  duplicate: boolean
  summary?: StripePaymentEvent
}

export interface TestMerchant {
  /** Where the fake should send webhooks. */
  webhookUrl: string
  received: ReceivedWebhook[]
  /** Summaries of the events applied, once per event id, in arrival order. */
  applied: StripePaymentEvent[]
  stop: () => Promise<void>
}

/**
 * A tiny merchant backend on 127.0.0.1 doing what the real handler must: verify the raw body,
 * answer 400 to anything that does not verify, and apply each event id only once.
 */
export async function startTestMerchant(webhookSecret: string): Promise<TestMerchant> {
  const received: ReceivedWebhook[] = []
  const applied: StripePaymentEvent[] = []
  const seenEventIds = new Set<string>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/stripe/webhook') {
        res.writeHead(404).end()
        return
      }
      const rawBody = Buffer.concat(chunks)
      const signature = typeof req.headers['stripe-signature'] === 'string' ? req.headers['stripe-signature'] : undefined
      const verification = verifyStripeWebhook(rawBody, signature, webhookSecret)
      const entry: ReceivedWebhook = { rawBody: rawBody.toString('utf8'), signature, verification, duplicate: false }
      received.push(entry)
      if (!verification.valid) {
        res.writeHead(400).end()
        return
      }
      entry.duplicate = seenEventIds.has(verification.event.id)
      if (!entry.duplicate) {
        seenEventIds.add(verification.event.id)
        entry.summary = paymentFromStripeEvent(verification.event)
        applied.push(entry.summary)
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    webhookUrl: `http://127.0.0.1:${port}/stripe/webhook`,
    received,
    applied,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

export interface HostedPageResult {
  pageHtml: string
  /** The button's HTTP status and Location header, as the browser would see them. */
  status: number
  location: string | null
  /** The HTML after the button, when there was no redirect. */
  resultHtml: string
}

/** Opens the session's hosted page like a browser and presses Pay or Fail. */
export async function pressOnHostedPage(sessionUrl: string, outcome: 'paid' | 'failed'): Promise<HostedPageResult> {
  const pageResponse = await fetch(sessionUrl)
  const pageHtml = await pageResponse.text()
  const form = new RegExp(`<form method="post" action="([^"]+)"><input type="hidden" name="outcome" value="${outcome}">`).exec(pageHtml)
  if (form === null) throw new Error(`no ${outcome} button on the hosted page: ${pageHtml.slice(0, 200)}`)
  const response = await fetch(new URL(form[1]!, sessionUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }).toString(),
    redirect: 'manual',
  })
  const resultHtml = await response.text()
  return { pageHtml, status: response.status, location: response.headers.get('location'), resultHtml }
}

export interface WebhookReceiver {
  /** Where the fake should send webhooks. */
  url: string
  /** `<event type>:<what apply answered>`, in arrival order. */
  outcomes: string[]
  stop: () => Promise<void>
}

/**
 * A webhook route as an app runs one, for tests of the code behind it: the signature is checked
 * over the raw body (400 when it does not verify), then `apply` gets every verified event —
 * repeats included, since deduplicating them is the code under test's job.
 */
export async function startWebhookReceiver(webhookSecret: string, apply: (event: VerifiedStripeEvent) => Promise<string>): Promise<WebhookReceiver> {
  const outcomes: string[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const signature = typeof req.headers['stripe-signature'] === 'string' ? req.headers['stripe-signature'] : undefined
    const verified = verifyStripeWebhook(Buffer.concat(chunks), signature, webhookSecret)
    if (!verified.valid) {
      res.writeHead(400).end()
      return
    }
    outcomes.push(`${verified.event.type}:${await apply(verified.event)}`)
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    outcomes,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}
