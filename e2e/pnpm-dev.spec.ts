import { spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '@flectar/db/embedded'
import { httpGet, httpRequest, repoRoot } from './support/apps'

interface Launch {
  output: () => string
  exit: Promise<number | null>
  waitFor: (text: string, timeoutMs: number) => Promise<void>
  interrupt: () => void
}

/** Runs `pnpm dev`'s script in its own process group, as a terminal would. */
function launchDev(env: Record<string, string>): Launch {
  // Exactly what `pnpm dev` runs (see package.json).
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exit = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  return {
    output: () => output,
    exit,
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
    waitFor: async (text, timeoutMs) => {
      const deadline = Date.now() + timeoutMs
      while (!output.includes(text)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`"${text}" never appeared:\n${output}`)
        await new Promise(resolve => setTimeout(resolve, 250))
      }
    },
  }
}

/** The local addresses of the sockets listening on `ports` (Linux: /proc/net/tcp and tcp6). */
async function listeningAddresses(ports: number[]): Promise<string[]> {
  const addresses: string[] = []
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
    const table = await readFile(file, 'utf8').catch(() => '')
    for (const line of table.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/)
      if (state !== '0A' || !local) continue // 0A = LISTEN
      const [hex, port] = local.split(':') as [string, string]
      if (!ports.includes(Number.parseInt(port, 16))) continue
      addresses.push(v6 ? ipv6FromProc(hex) : (hex.match(/../g) ?? []).reverse().map(byte => Number.parseInt(byte, 16)).join('.'))
    }
  }
  return addresses
}

function ipv6FromProc(hex: string): string {
  // Four little-endian 32-bit words.
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap(word => (word.match(/../g) ?? []).reverse())
  const groups = Array.from({ length: 8 }, (_, index) => Number.parseInt(bytes[index * 2]! + bytes[index * 2 + 1]!, 16).toString(16))
  const text = groups.join(':')
  return text === '0:0:0:0:0:0:0:1' ? '::1' : text === '0:0:0:0:0:0:0:0' ? '::' : text
}

async function portIsFree(port: number) {
  return await new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

describe('pnpm dev', () => {
  let dataDir: string
  let ports: Record<'ADMIN_PORT' | 'SITE_PORT' | 'EMBEDDED_POSTGRES_PORT', string>

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-dev-'))
    await chmod(dataDir, 0o755)
    ports = {
      ADMIN_PORT: String(await findFreePort()),
      SITE_PORT: String(await findFreePort()),
      EMBEDDED_POSTGRES_PORT: String(await findFreePort()),
    }
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('fails fast, naming the variable, when a port is taken', async () => {
    const blocker = net.createServer().listen(Number(ports.ADMIN_PORT), '127.0.0.1')
    try {
      const dev = launchDev({ ...ports, DATA_DIR: dataDir })
      expect(await dev.exit).toBe(1)
      expect(dev.output()).toContain(`Port ${ports.ADMIN_PORT} is already in use, so the admin app cannot start. Stop the other process or set ADMIN_PORT`)
    }
    finally {
      blocker.close()
    }
  })

  it('fails fast on an unreachable DATABASE_URL without printing its password', async () => {
    const closed = await findFreePort()
    const dev = launchDev({ ...ports, DATA_DIR: dataDir, DATABASE_URL: `postgres://flectar:hunter2@127.0.0.1:${closed}/flectar` })
    expect(await dev.exit).toBe(1)
    expect(dev.output()).toContain(`Cannot reach PostgreSQL at flectar@127.0.0.1:${closed}/flectar (DATABASE_URL): ECONNREFUSED`)
    expect(dev.output()).not.toContain('hunter2')
  })

  it('explains in one line why the embedded PostgreSQL cannot start from a folder its user cannot enter', async () => {
    // mkdtemp makes a 0700 folder, as a clone under /root or in a private temp folder is.
    const closed = await mkdtemp(path.join(os.tmpdir(), 'flectar-closed-'))
    try {
      const dev = launchDev({ ...ports, DATA_DIR: path.join(closed, 'data') })
      if (process.getuid?.() === 0) {
        // As root, PostgreSQL runs as the `postgres` user, who cannot enter the folder.
        expect(await dev.exit).toBe(1)
        expect(dev.output().trim()).toBe(`✖ The embedded PostgreSQL cannot start: as root it runs as the "postgres" user, who cannot enter ${closed} (mode 700). Move the clone (or DATA_DIR) to a folder other users can enter, such as /srv or /opt, or set DATABASE_URL to a PostgreSQL of your own.`)
      }
      else {
        // Not as root, PostgreSQL runs as this user, who owns the folder.
        await dev.waitFor('Embedded PostgreSQL running', 60_000)
        dev.interrupt()
        expect(await dev.exit).toBe(0)
      }
    }
    finally {
      await rm(closed, { recursive: true, force: true })
    }
  })

  // The first start creates the cluster and seeds the demo; the second finds both.
  let demoPassword: string | undefined

  it('starts both apps on a fresh embedded database and stops everything on Ctrl-C', async () => {
    const first = launchDev({ ...ports, DATA_DIR: dataDir })
    await first.waitFor('Flectar Base is running.', 150_000)
    expect(first.output()).toContain('demo seeded')
    // The worker runs beside the apps and stops with them on Ctrl-C.
    await first.waitFor('"msg":"Worker started"', 60_000)
    expect(first.output()).toMatch(/^\[worker\] \{.*"msg":"Worker started".*"jobs":\["outbox","account-purge","analytics","bookings","payments","sites"\]/m)
    demoPassword = /Password\s+(\S+)/.exec(first.output())?.[1]
    expect(demoPassword).toBeTruthy()

    expect((await httpGet(Number(ports.ADMIN_PORT), '/api/health')).status).toBe(200)
    const home = await httpGet(Number(ports.SITE_PORT), '/', { host: `demo.localhost:${ports.SITE_PORT}` })
    expect(home.status).toBe(200)
    expect(home.body).toContain('Willow &amp; Wren Hair Studio')

    // What a dev server must not hand to anyone: the dev secrets, local state, files elsewhere.
    const probe = path.join(repoRoot, '.data', `e2e-probe-${process.pid}.json`)
    await mkdir(path.dirname(probe), { recursive: true })
    await writeFile(probe, '{"secret":"probe"}')
    try {
      for (const port of [ports.ADMIN_PORT, ports.SITE_PORT].map(Number)) {
        // The source it needs is served (so the refusals below are not a broken @fs route)…
        expect((await httpGet(port, `/_nuxt/@fs${repoRoot}/packages/db/src/client.ts`)).status).toBe(200)
        // …but not the dev secrets, the repository's .data/, or anything outside the workspace.
        for (const file of [path.join(dataDir, 'secrets.json'), probe, '/etc/passwd', path.join(repoRoot, 'package.json')]) {
          const response = await httpGet(port, `/_nuxt/@fs${file}`)
          expect(response.status, file).not.toBe(200)
          expect(response.body).not.toContain('"secret":"probe"')
          expect(response.body).not.toContain('sessionSecret')
        }
        // A Host header that is not this machine or the platform's domain (DNS rebinding) is refused.
        expect((await httpGet(port, '/api/health', { host: 'attacker.example' })).status).toBe(403)
      }
    }
    finally {
      await rm(probe, { force: true })
    }
    // Each client address has its own rate-limit bucket (the dev server's own proxy used to
    // make every client "unknown", so ten bad sign-ins from anyone locked everyone out).
    const signIn = (from: string, round: number) => httpRequest(Number(ports.ADMIN_PORT), 'POST', '/api/auth/sign-in', { 'origin': `http://localhost:${ports.ADMIN_PORT}`, 'content-type': 'application/json' }, JSON.stringify({ email: `someone-${round}@example.com`, password: 'not the password' }), { localAddress: from })
    const statuses: number[] = []
    for (let round = 0; round < 11; round++) statuses.push((await signIn('127.0.0.2', round)).status)
    expect(statuses.slice(0, 10).every(status => status === 401), String(statuses)).toBe(true)
    expect(statuses[10]).toBe(429)
    expect((await signIn('127.0.0.3', 99)).status).toBe(401)

    // Both apps listen on loopback only.
    const listening = await listeningAddresses([ports.ADMIN_PORT, ports.SITE_PORT].map(Number))
    expect(listening.length).toBeGreaterThanOrEqual(2)
    for (const address of listening) expect(['127.0.0.1', '::1']).toContain(address)

    first.interrupt()
    expect(await first.exit).toBe(0)
    expect(first.output()).toContain('"msg":"Worker stopped"')
    for (const port of Object.values(ports)) expect(await portIsFree(Number(port)), `port ${port}`).toBe(true)
  }, 180_000)

  it('starts again on the same data, keeping the demo and its password', async () => {
    expect(demoPassword, 'the first start ran').toBeTruthy()
    const second = launchDev({ ...ports, DATA_DIR: dataDir })
    await second.waitFor('Flectar Base is running.', 150_000)
    expect(second.output()).toContain('demo already present')
    expect(second.output()).toContain(`Password    ${demoPassword}`)
    second.interrupt()
    expect(await second.exit).toBe(0)
  }, 180_000)
})

/** Runs a root package script (`pnpm db:migrate`…) to its natural end. */
async function runScript(script: string, env: Record<string, string>) {
  const child = spawn('pnpm', ['--silent', script], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  return { code, output }
}

describe('the database scripts', () => {
  let dataDir: string
  let port: string

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-scripts-'))
    await chmod(dataDir, 0o755)
    port = String(await findFreePort())
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('exit 0 when they succeed and non-zero when they fail, on the embedded database', async () => {
    const env = { DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: port }
    const migrated = await runScript('db:migrate', env)
    expect(migrated.code, migrated.output).toBe(0)
    expect(migrated.output).toContain('✔ Migrations applied')

    const broken = await runScript('db:migrate', { ...env, MIGRATIONS_DIR: path.join(dataDir, 'no-migrations-here') })
    expect(broken.code, broken.output).not.toBe(0)
    expect(broken.output).not.toContain('✔ Migrations applied')
    // The embedded server was stopped all the same: its port is free again.
    expect(await portIsFree(Number(port))).toBe(true)
  })
})
