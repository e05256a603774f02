// The baseline of `pnpm bench:site`: plain node:http sending one file's bytes to every request.
// Run as its own process (Node strips the types) so it shares no event loop with the load
// generator: BENCH_BODY_FILE, BENCH_CONTENT_TYPE and PORT come from the environment.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const body = readFileSync(process.env.BENCH_BODY_FILE!)
const headers = { 'content-type': process.env.BENCH_CONTENT_TYPE ?? 'text/html;charset=utf-8', 'content-length': String(body.length) }

const server = createServer((_request, response) => {
  response.writeHead(200, headers)
  response.end(body)
})
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'))
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
