import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseWhatsAppWebhook, WhatsAppPayloadError, type WhatsAppWebhookItem } from '../parse-webhook'
import { verifyWhatsAppSignature } from '../webhook-signature'
import { answerWhatsAppVerification } from '../webhook-verification'

export interface ReceivedWebhook {
  rawBody: Buffer
  headers: IncomingMessage['headers']
  items: WhatsAppWebhookItem[]
}

/**
 * A tiny webhook endpoint wired the way an app should be: GET handshake, then for POST the
 * signature over the raw bytes, then the parse (bad payload → 400, never 500).
 */
export async function startWebhookReceiver(options: { appSecret: string, verifyToken: string }): Promise<{ url: string, received: ReceivedWebhook[], close: () => Promise<void> }> {
  const received: ReceivedWebhook[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver')
      if (req.method === 'GET') {
        const answer = answerWhatsAppVerification(Object.fromEntries(url.searchParams), options.verifyToken)
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body)
        return
      }
      const rawBody = Buffer.concat(chunks)
      const header = req.headers['x-hub-signature-256']
      if (!verifyWhatsAppSignature({ appSecret: options.appSecret, rawBody, header: typeof header === 'string' ? header : undefined })) {
        res.writeHead(401).end('bad signature')
        return
      }
      try {
        received.push({ rawBody, headers: req.headers, items: parseWhatsAppWebhook(JSON.parse(rawBody.toString('utf8'))) })
        res.writeHead(200).end('EVENT_RECEIVED')
      }
      catch (error) {
        res.writeHead(error instanceof WhatsAppPayloadError || error instanceof SyntaxError ? 400 : 500).end('bad payload')
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`,
    received,
    close: () => new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }
}
