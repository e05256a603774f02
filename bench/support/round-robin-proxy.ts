// A small round-robin HTTP proxy on loopback, the load balancer of `pnpm bench:cluster`: each
// request goes to the next of PROXY_TARGETS (ports on 127.0.0.1), over keep-alive connections.
// Run as a process of its own (Node strips the types; it imports only node:*), so its work is
// not counted against the load generator. Headers pass through unchanged, Host included: the
// bench's clients set X-Forwarded-For themselves to stand for distinct visitors (the apps run
// with TRUST_PROXY). Each answer names the instance that gave it in `x-bench-upstream`.
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http'

const targets = (process.env.PROXY_TARGETS ?? '').split(',').map(Number).filter(Boolean)
if (targets.length === 0) throw new Error('PROXY_TARGETS must list at least one port')
const agent = new Agent({ keepAlive: true, maxSockets: 512 })
// Hop-by-hop headers belong to one connection, never forwarded (RFC 9110, 7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)))
}

let next = 0
const server = createServer((incoming, outgoing) => {
  const port = targets[next++ % targets.length]!
  const upstream = request({ host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: endToEnd(incoming.headers), agent }, (answer) => {
    outgoing.writeHead(answer.statusCode ?? 502, { ...endToEnd(answer.headers), 'x-bench-upstream': String(port) })
    answer.pipe(outgoing)
  })
  upstream.on('error', () => {
    // The instance is down or hung up: a 502, as a load balancer answers.
    if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain', 'x-bench-upstream': String(port) })
    outgoing.end()
  })
  incoming.pipe(upstream)
})
server.keepAliveTimeout = 30_000
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'))
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0))
