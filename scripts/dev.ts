/**
 * `pnpm dev`: database (embedded unless DATABASE_URL), migrations, demo seed, then both apps
 * and the worker (background jobs). Ctrl-C stops them and then the database; data stays in `.data/`.
 */
import './lib/load-env'
import type { ChildProcess } from 'node:child_process'
import { DEMO_OWNER_EMAIL } from '@flectar/db/seed'
import { assertPortFree } from '@flectar/db/embedded'
import { dataDir, migrateAndSeed, openDatabase, repoRoot } from './lib/database'
import { loadOrCreateDevSecrets } from './lib/dev-secrets'
import { startProcess, waitForHealthy } from './lib/processes'

const adminPort = Number(process.env.ADMIN_PORT || 3000)
const sitePort = Number(process.env.SITE_PORT || 3001)
const host = process.env.HOST || '127.0.0.1'

async function main() {
  await assertPortFree(adminPort, 'the admin app', 'ADMIN_PORT')
  await assertPortFree(sitePort, 'the public site', 'SITE_PORT')

  const secrets = await loadOrCreateDevSecrets(dataDir)
  const database = await openDatabase(secrets)
  console.log(database.embedded ? `✔ Embedded PostgreSQL running (data in ${dataDir}/postgres)` : '✔ Using DATABASE_URL')
  const seed = await migrateAndSeed(database.url, secrets)
  console.log(`✔ Migrations applied; demo ${seed.created ? 'seeded' : 'already present'}`)

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    NUXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: database.url,
    SESSION_SECRET: process.env.SESSION_SECRET ?? secrets.sessionSecret,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? secrets.encryptionKey,
    PLATFORM_DOMAIN: process.env.PLATFORM_DOMAIN ?? 'localhost',
    ADMIN_URL: process.env.ADMIN_URL ?? `http://localhost:${adminPort}`,
    NUXT_PUBLIC_SITE_URL_PATTERN: process.env.NUXT_PUBLIC_SITE_URL_PATTERN ?? `http://{slug}.localhost:${sitePort}`,
    // The apps run from their own folders; keep uploaded files with the rest of the local state.
    STORAGE_DIR: process.env.STORAGE_DIR ?? `${dataDir}/storage`,
  }
  // Loopback only, unless HOST says otherwise: a dev server serves source files and dev tools.
  const listen = ['--host', host]
  const children: Array<{ name: string, child: ChildProcess }> = [
    { name: 'admin', child: startProcess('admin', 'pnpm', ['exec', 'nuxt', 'dev', '--port', String(adminPort), ...listen], { cwd: `${repoRoot}/apps/admin`, env }) },
    { name: 'site', child: startProcess('site', 'pnpm', ['exec', 'nuxt', 'dev', '--port', String(sitePort), ...listen], { cwd: `${repoRoot}/apps/site`, env }) },
    // The background jobs (email, analytics, bookings, sites), from source, as `pnpm worker` runs them.
    { name: 'worker', child: startProcess('worker', process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], { cwd: repoRoot, env }) },
  ]

  let stopping = false
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    for (const { child } of children) child.kill('SIGTERM')
    // A child killed by a signal has no exit code, only a signal code: it has exited all the same.
    const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null)
    await Promise.all(running.map(({ child }) => new Promise(resolve => child.once('exit', resolve))))
    // PostgreSQL checkpoints as it stops, which takes a few seconds on a busy machine.
    await Promise.race([database.stop(), new Promise(resolve => setTimeout(resolve, 20_000))])
    process.exit(code)
  }
  // Ctrl-C reaches the apps, the worker and this process (the database runs in a process group
  // of its own): they stop first and the database last.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0))
  for (const { name, child } of children) {
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`The ${name} process exited unexpectedly (${code === null ? signal : `code ${code}`}); stopping.`)
        void shutdown(1)
      }
    })
  }

  const ready = await Promise.all([
    waitForHealthy(`http://localhost:${adminPort}/api/health`, 180_000),
    waitForHealthy(`http://localhost:${sitePort}/api/health`, 180_000),
  ])
  if (stopping) return
  if (!ready.every(Boolean)) {
    console.error('The apps did not become healthy within 3 minutes; see the output above.')
    return await shutdown(1)
  }
  console.log(`
  Flectar Base is running.

    Admin      http://localhost:${adminPort}
    Demo site  http://demo.localhost:${sitePort}

    Demo owner  ${DEMO_OWNER_EMAIL}
    Password    ${secrets.demoOwnerPassword}

    Email is not sent in development: read it at http://localhost:${adminPort}/dev/mailbox
    Background jobs (email, analytics, bookings) run in the [worker] process.

  Press Ctrl-C to stop. Data is kept in ${dataDir}.
`)
}

main().catch((error: Error) => {
  // Known failures (port in use, unreachable database) explain themselves; DEBUG=1 shows the stack.
  console.error(process.env.DEBUG ? error : `✖ ${error.message}`)
  process.exit(1)
})
