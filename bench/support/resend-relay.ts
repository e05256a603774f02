import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ResendRelay {
  /** Give this to one worker as RESEND_BASE_URL. */
  baseUrl: string
  /** How long each answer is held after the provider has answered (0: none). */
  holdMs: number
  /** `POST /emails` requests received and not answered yet. */
  inFlight: number
  /** Idempotency keys of the requests answered, in order. */
  answered: string[]
  /** Idempotency keys of every request received, in order. */
  received: string[]
  close: () => Promise<void>
}

/**
 * A relay in front of the local Resend fake, one per worker, so the bench sees which worker
 * sends what and can hold each answer a while: the request reaches the provider at once and
 * the answer is held, so a worker killed while it waits is a worker that died after the
 * provider accepted the email and before its outbox row was marked sent.
 */
export async function startResendRelay(providerBaseUrl: string): Promise<ResendRelay> {
  const provider = new URL(providerBaseUrl)
  const relay: Omit<ResendRelay, 'baseUrl' | 'close'> = { holdMs: 0, inFlight: 0, answered: [], received: [] }
  const server = createServer((incoming, outgoing) => {
    const key = String(incoming.headers['idempotency-key'] ?? '')
    relay.received.push(key)
    relay.inFlight++
    const forward = request({ host: provider.hostname, port: provider.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => setTimeout(() => {
        relay.inFlight--
        relay.answered.push(key)
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        outgoing.end(Buffer.concat(chunks))
      }, relay.holdMs))
    })
    forward.on('error', () => {
      relay.inFlight--
      outgoing.writeHead(502).end()
    })
    incoming.pipe(forward)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(relay, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  })
}
