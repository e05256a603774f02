import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from './client'
import { createTestDatabase } from './testing'

/**
 * A TCP gate between the pool and the database, on a port of its own: `shut()` refuses new
 * connections and cuts the open ones, as a restarting or failing-over PostgreSQL does;
 * `open()` lets them through again on the same port.
 */
async function startGate(target: { host: string, port: number }) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        sockets.delete(socket)
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream).pipe(client)
  })
  const listen = (port: number) => new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve))
  await listen(0)
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    shut: async () => {
      const closed = new Promise(resolve => server.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
    open: () => listen(port),
    close: async () => {
      for (const socket of sockets) socket.destroy()
      if (server.listening) await new Promise(resolve => server.close(resolve))
    },
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('the pool after the database was unreachable', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let gate: Awaited<ReturnType<typeof startGate>>
  beforeAll(async () => {
    database = await createTestDatabase()
    const url = new URL(database.url)
    gate = await startGate({ host: url.hostname, port: Number(url.port) })
  })
  afterAll(async () => {
    await gate?.close()
    await database?.drop()
  })

  // An app keeps answering requests while PostgreSQL restarts; each failed connection attempt
  // used to lengthen the wait before the next (up to 20 s), so the app stayed down long after
  // the database was back. Now a connection tries again at least every second.
  it('answers again within 1.5 s of the database coming back after a 3 s outage under load', async () => {
    const url = new URL(database.url)
    url.port = String(gate.port)
    const { sql, close } = createDb(url.toString(), { max: 10, connectTimeout: 2 })
    try {
      await sql`select 1`
      let stop = false
      let lastSuccess = 0
      // Ten clients querying in a loop, as requests do, through the outage and after it.
      const clients = Array.from({ length: 10 }, async () => {
        while (!stop) {
          await sql`select 1`.then(() => (lastSuccess = performance.now()), () => sleep(10))
        }
      })
      await sleep(200)
      await gate.shut()
      await sleep(3000)
      await gate.open()
      const back = performance.now()
      while (lastSuccess < back && performance.now() - back < 15_000) await sleep(20)
      stop = true
      await Promise.all(clients)
      expect(lastSuccess).toBeGreaterThan(back)
      expect(lastSuccess - back).toBeLessThan(1500)
    }
    finally {
      await close()
    }
  })
})
