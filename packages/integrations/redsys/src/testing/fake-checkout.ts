import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FakeRedsys } from '../fake-server'
import { signRedsysRequest } from '../signature'

/** One online notification as the merchant's server received it (form fields). */
export type ReceivedNotification = Record<string, string>

export interface TestMerchant {
  /** Where DS_MERCHANT_MERCHANTURL should point. */
  notificationUrl: string
  notifications: ReceivedNotification[]
  stop: () => Promise<void>
}

/** A tiny merchant backend on 127.0.0.1 that records every notification it is sent. */
export async function startTestMerchant(): Promise<TestMerchant> {
  const notifications: ReceivedNotification[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/redsys/notification') {
        notifications.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))))
        res.writeHead(200).end('OK')
      }
      else {
        res.writeHead(404).end()
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    notificationUrl: `http://127.0.0.1:${port}/redsys/notification`,
    notifications,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

export interface CheckoutResult {
  /** The payment page's HTML. */
  pageHtml: string
  /** The decision's HTTP status and Location header, as the browser would see them. */
  status: number
  location: string | null
}

/** Posts the signed form like a browser, then presses a button on the fake's page. */
export async function checkoutOnFakeRedsys(
  fake: FakeRedsys,
  merchantKeyBase64: string,
  params: Record<string, string>,
  decision: 'approve' | 'deny' | 'cancel',
): Promise<CheckoutResult> {
  const signed = signRedsysRequest(merchantKeyBase64, params)
  const pageResponse = await fetch(`${fake.url}/sis/realizarPago`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...signed }).toString(),
  })
  const pageHtml = await pageResponse.text()
  const token = /name="token" value="([^"]+)"/.exec(pageHtml)?.[1]
  if (token === undefined) throw new Error(`no payment session on the fake page: ${pageHtml.slice(0, 200)}`)
  const decisionResponse = await fetch(`${fake.url}/sis/realizarPago/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision }).toString(),
    redirect: 'manual',
  })
  await decisionResponse.arrayBuffer()
  return { pageHtml, status: decisionResponse.status, location: decisionResponse.headers.get('location') }
}
