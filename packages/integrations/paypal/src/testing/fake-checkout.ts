import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One webhook delivery as the merchant's server received it: raw bytes and headers. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  rawBody: Buffer
}

export interface TestMerchant {
  /** Where the fake's webhookUrl should point. */
  webhookUrl: string
  webhooks: ReceivedWebhook[]
  stop: () => Promise<void>
}

/** A tiny merchant backend on 127.0.0.1 that records every webhook it is sent, unparsed. */
export async function startTestMerchant(): Promise<TestMerchant> {
  const webhooks: ReceivedWebhook[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/paypal/webhook') {
        webhooks.push({ headers: req.headers, rawBody: Buffer.concat(chunks) })
        res.writeHead(200).end()
      }
      else {
        res.writeHead(404).end()
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    webhookUrl: `http://127.0.0.1:${port}/paypal/webhook`,
    webhooks,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

export interface ApprovalResult {
  pageHtml: string
  /** The decision's HTTP status and Location header, as the browser would see them. */
  status: number
  location: string | null
}

/** Opens the approve link like a browser and presses Approve or Cancel on the fake's page. */
export async function decideOnFakePayPal(approveUrl: string, decision: 'approve' | 'cancel'): Promise<ApprovalResult> {
  const pageResponse = await fetch(approveUrl)
  const pageHtml = await pageResponse.text()
  const token = /name="token" value="([^"]+)"/.exec(pageHtml)?.[1]
  if (token === undefined) throw new Error(`no order on the fake approval page: ${pageHtml.slice(0, 200)}`)
  const decisionResponse = await fetch(new URL('/checkoutnow/decision', approveUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision }).toString(),
    redirect: 'manual',
  })
  await decisionResponse.arrayBuffer()
  return { pageHtml, status: decisionResponse.status, location: decisionResponse.headers.get('location') }
}
