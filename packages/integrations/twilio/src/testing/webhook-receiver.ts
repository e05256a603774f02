import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { TWIML_EMPTY } from '../inbound'

export interface ReceivedWebhook {
  /** The full URL as the sender called it, which is what Twilio signs. */
  url: string
  headers: IncomingHttpHeaders
  rawBody: string
}

/**
 * A stand-in for our webhook route in tests: records each POST with its raw body and answers
 * the empty TwiML a real route answers.
 */
export async function startWebhookReceiver(): Promise<{ baseUrl: string, received: ReceivedWebhook[], close: () => Promise<void> }> {
  const received: ReceivedWebhook[] = []
  let baseUrl = ''
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ url: `${baseUrl}${req.url ?? '/'}`, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'text/xml' })
      res.end(TWIML_EMPTY)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl,
    received,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}
