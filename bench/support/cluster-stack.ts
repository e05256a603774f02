import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createDb, runMigrations } from '@flectar/db'
import { findFreePort, startEmbeddedPostgres, type RunningPostgres } from '@flectar/db/embedded'
import { startFakeResendServer, type FakeResendServer } from '@flectar/messaging/testing'
import { startBuiltApp, startBuiltWorker, waitUntilHealthy, type RunningApp, type RunningProcess } from '../../e2e/support/apps'
import { seedCluster, type ClusterSeed } from './cluster-seed'
import { startResendRelay, type ResendRelay } from './resend-relay'

export interface ClusterStack {
  seed: ClusterSeed
  /** The bench's own connection, for arranging and counting rows. */
  db: ReturnType<typeof createDb>['db']
  sites: RunningApp[]
  admins: RunningApp[]
  workers: RunningProcess[]
  /** The round-robin proxies: in front of both sites, both admins, and (for the throughput baseline) site 1 alone. */
  proxies: { sites: number, admins: number, siteOne: number }
  adminUrl: string
  resend: FakeResendServer
  /** One relay per worker between it and the Resend fake. */
  relays: ResendRelay[]
  /** Stops PostgreSQL (fast shutdown: sessions are cut) and resolves once it is down. */
  stopPostgres: () => Promise<void>
  /** Starts it again on the same port and data directory. */
  startPostgres: () => Promise<void>
  startWorker: (index: number) => RunningProcess
  stop: () => Promise<void>
}

/** Starts a child that prints `ready` once it listens (the proxy). */
async function startReadyChild(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready')) resolve()
    })
    child.once('exit', code => reject(new Error(`${path.basename(script)} exited (${code}):\n${output}`)))
  })
  return child
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/**
 * One embedded PostgreSQL (migrated, the demo seeded), 2 site, 2 admin and 2 worker processes
 * from the production builds, a round-robin proxy in front of each app pair, and the Resend
 * fake the workers deliver email to. `stop()` undoes all of it, last started first, also after
 * a failure half-way (it is called by the caller's `finally`).
 */
export async function startClusterStack(): Promise<ClusterStack> {
  const undo: Array<() => Promise<unknown>> = []
  const stop = async () => {
    for (let step = undo.pop(); step; step = undo.pop()) await step().catch((error: unknown) => console.error('Cleaning up failed:', error))
  }
  try {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-bench-cluster-'))
    undo.push(() => rm(workDir, { recursive: true, force: true }))
    // As root the cluster runs as the `postgres` user, which must be able to enter this dir.
    await chmod(workDir, 0o755)
    const pgOptions = { dataDir: path.join(workDir, 'postgres'), port: await findFreePort(), password: randomBytes(12).toString('hex'), database: 'flectar_cluster' }
    let postgres: RunningPostgres | undefined = await startEmbeddedPostgres(pgOptions)
    undo.push(async () => postgres?.stop())
    const databaseUrl = postgres.url
    await runMigrations(databaseUrl)
    const connection = createDb(databaseUrl, { max: 4 })
    undo.push(() => connection.close())
    const seed = await seedCluster(connection.db, randomBytes(12).toString('base64url'))

    const resendApiKey = `re_bench_${randomBytes(8).toString('hex')}`
    const resend = await startFakeResendServer({ apiKey: resendApiKey })
    undo.push(() => resend.close())
    const relays = [await startResendRelay(resend.baseUrl), await startResendRelay(resend.baseUrl)]
    for (const relay of relays) undo.push(() => relay.close())

    const [sitePorts, adminPorts] = [[await findFreePort(), await findFreePort()], [await findFreePort(), await findFreePort()]]
    const proxyScript = path.join(import.meta.dirname, 'round-robin-proxy.ts')
    const proxies = { sites: await findFreePort(), admins: await findFreePort(), siteOne: await findFreePort() }
    for (const [port, targets] of [[proxies.sites, sitePorts], [proxies.admins, adminPorts], [proxies.siteOne, [sitePorts[0]!]]] as const) {
      const proxy = await startReadyChild(proxyScript, { PORT: String(port), PROXY_TARGETS: targets.join(',') })
      undo.push(() => stopChild(proxy))
    }

    const adminUrl = `http://localhost:${proxies.admins}`
    const appEnv = {
      ADMIN_URL: adminUrl,
      // The proxy passes the clients' X-Forwarded-For through: each client is a visitor of its own.
      TRUST_PROXY: 'true',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: randomBytes(48).toString('base64'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PLATFORM_DOMAIN: 'localhost',
      NUXT_PUBLIC_SITE_URL_PATTERN: `http://{slug}.localhost:${proxies.sites}`,
      STORAGE_DIR: path.join(workDir, 'storage'),
    }
    const sites = sitePorts.map(port => startBuiltApp('site', port, appEnv))
    const admins = adminPorts.map(port => startBuiltApp('admin', port, appEnv))
    for (const app of [...sites, ...admins]) undo.push(() => app.stop())
    const workers: RunningProcess[] = []
    const startWorker = (index: number) => {
      const worker = startBuiltWorker({ ...appEnv, RESEND_API_KEY: resendApiKey, RESEND_BASE_URL: relays[index]!.baseUrl })
      workers[index] = worker
      undo.push(() => worker.stop())
      return worker
    }
    startWorker(0)
    startWorker(1)
    await Promise.all([...sites, ...admins].map(app => waitUntilHealthy(app, 60_000)))

    return {
      seed,
      db: connection.db,
      sites,
      admins,
      workers,
      proxies,
      adminUrl,
      resend,
      relays,
      stopPostgres: async () => {
        await postgres?.stop()
        postgres = undefined
      },
      startPostgres: async () => {
        postgres = await startEmbeddedPostgres(pgOptions)
      },
      startWorker,
      stop,
    }
  }
  catch (error) {
    await stop()
    throw error
  }
}
