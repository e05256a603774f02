// The ingest baseline of `pnpm bench:analytics`: plain node:http that reads each POST's body,
// discards it and answers as the site's beacon does (202, no body, not cached). Run as its own
// process (Node strips the types); PORT comes from the environment.
import { createServer } from 'node:http'

const server = createServer((request, response) => {
  request.on('data', () => {})
  request.on('end', () => {
    response.writeHead(202, { 'cache-control': 'no-store', 'content-length': '0' })
    response.end()
  })
})
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'))
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
