import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { seedDemoAnalytics } from '@flectar/analytics'
import { analyticsRollupState, createDb, outboxMessages, runMigrations } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { seedDemo } from '@flectar/db/seed'
import { createDatabase, dropDatabase, uniqueDatabaseName } from '@flectar/db/testing'
import { seedDemoSite } from '@flectar/sites'
import { httpGet, httpRequest, startBuiltApp, startBuiltWorker, waitUntilHealthy, type RunningApp, type RunningProcess } from './support/apps'

const EMAIL = 'new-owner@worker.example'
const LATER_EMAIL = 'later-owner@worker.example'

const POLL = { timeout: 30_000, interval: 250 }

/**
 * The admin app and the public site serve; a worker beside them sends the email and rolls the
 * analytics up. Without a worker nothing is sent, however long one waits; with two, each job is
 * done once. Admin, site and workers are the built servers, on a database of this file's own.
 */
describe('background jobs run in their own worker', () => {
  const name = uniqueDatabaseName('flectar_e2e_worker')
  // The e2e server's own database can create others (the e2e user may create databases).
  const serverUrl = inject('appEnv').DATABASE_URL!
  let connection: ReturnType<typeof createDb>
  let storageDir: string
  let env: Record<string, string>
  let projectId: string
  let admin: RunningApp
  let site: RunningApp
  const workers: RunningProcess[] = []

  const outboxRow = async (to = EMAIL) => (await connection.db.select().from(outboxMessages)
    .where(and(eq(outboxMessages.to, to), eq(outboxMessages.template, 'auth.verify_email'))))[0]
  const signUp = (email: string) => httpRequest(admin.port, 'POST', '/api/auth/sign-up', {
    'origin': `http://localhost:${admin.port}`, 'content-type': 'application/json', 'x-forwarded-for': '10.88.0.1',
  }, JSON.stringify({ name: 'Nora', email, password: 'a long worker password', organizationName: 'Worker Studio' }))
  const rollupState = () => connection.db.select().from(analyticsRollupState).where(eq(analyticsRollupState.projectId, projectId))

  beforeAll(async () => {
    const url = await createDatabase(serverUrl, name)
    await runMigrations(url)
    connection = createDb(url, { max: 2 })
    const demo = await seedDemo(connection.db, { ownerPasswordHash: 'not-used-here' })
    projectId = (await seedDemoSite(connection.db, demo.orgId)).projectId
    // Yesterday's traffic, as the site would have stored it: what the rollup job turns into the dashboard.
    await seedDemoAnalytics(connection.db, projectId, { days: 1, sessionsPerDay: 8, now: new Date(Date.now() - 60 * 60 * 1000) })

    storageDir = await mkdtemp(path.join(tmpdir(), 'flectar-e2e-worker-'))
    const [adminPort, sitePort] = [await findFreePort(), await findFreePort()]
    env = {
      ...inject('appEnv'),
      DATABASE_URL: url,
      ADMIN_URL: `http://localhost:${adminPort}`,
      NUXT_PUBLIC_SITE_URL_PATTERN: `http://{slug}.localhost:${sitePort}`,
      STORAGE_DIR: storageDir,
    }
    // The admin runs no jobs by default (ADMIN_RUNS_JOBS unset).
    admin = startBuiltApp('admin', adminPort, env)
    site = startBuiltApp('site', sitePort, env)
    await Promise.all([waitUntilHealthy(admin), waitUntilHealthy(site)])
  })

  afterAll(async () => {
    await Promise.all([admin?.stop(), site?.stop(), ...workers.map(worker => worker.stop())])
    await connection?.close()
    await dropDatabase(serverUrl, name)
    if (storageDir) await rm(storageDir, { recursive: true, force: true })
  })

  it('with only the admin and the site running, a sign-up\'s email stays queued and nothing is rolled up', async () => {
    const response = await signUp(EMAIL)
    expect(response.status, response.body).toBe(200)
    expect((await outboxRow())?.status).toBe('pending')

    // Longer than an admin that ran jobs took to send (first run 5 s after start, then every 2 s).
    await new Promise(resolve => setTimeout(resolve, 9000))
    expect((await outboxRow())?.status).toBe('pending')
    expect(await rollupState()).toEqual([])
    // pg-boss was never started: its schema does not exist.
    const [boss] = await connection.db.execute<{ schema: string | null }>(sql`select to_regnamespace('pgboss')::text as schema`)
    expect(boss?.schema).toBeNull()
  })

  it('two workers started together send the email once and roll the analytics up', async () => {
    workers.push(startBuiltWorker(env), startBuiltWorker(env))
    for (const worker of workers) await expect.poll(() => worker.output(), POLL).toContain('"msg":"Worker started"')

    // The email reaches the dev mailbox as sent, after one attempt: one worker sent it.
    const mailbox = async () => (JSON.parse((await httpGet(admin.port, `/api/dev/mailbox?to=${encodeURIComponent(EMAIL)}`)).body) as { data: Array<Record<string, unknown>> }).data
    await expect.poll(async () => (await mailbox())[0]?.status, POLL).toBe('sent')
    const messages = await mailbox()
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ template: 'auth.verify_email', status: 'sent', attempts: 1, provider: 'resend' })

    // The rollup ran at start-up, once for both workers, and covers yesterday's traffic.
    await expect.poll(async () => (await rollupState()).length, POLL).toBe(1)
    expect((await rollupState())[0]!.coveredId).toBeGreaterThan(0)
    const [rollups] = await connection.db.execute<{ count: number }>(sql`select count(*)::int as count from pgboss.job where name = 'analytics-rollup'`)
    expect(rollups?.count).toBe(1)
  })

  it('a worker stops on SIGTERM with exit 0, and the other goes on working', async () => {
    const [first, second] = workers as [RunningProcess, RunningProcess]
    first.process.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.output()).toContain('"msg":"Worker stopped"')

    expect((await signUp(LATER_EMAIL)).status).toBe(200)
    await expect.poll(async () => (await outboxRow(LATER_EMAIL))?.status, POLL).toBe('sent')
    expect(await outboxRow(LATER_EMAIL)).toMatchObject({ status: 'sent', attempts: 1 })
    expect(second.process.exitCode).toBeNull()
  })

  it('a worker refuses to start, in one line and exit 1, on a bad configuration or an unreachable database', async () => {
    const badConfig = startBuiltWorker({ ...env, SESSION_SECRET: '', ADMIN_RUNS_JOBS: 'perhaps' })
    expect(await badConfig.exited).toBe(1)
    expect(badConfig.output().trim()).toBe('✖ The worker cannot start: Invalid configuration: SESSION_SECRET: must be at least 32 characters (openssl rand -base64 48) ADMIN_RUNS_JOBS: must be true or false')

    const closedPort = await findFreePort()
    const unreachable = startBuiltWorker({ ...env, DATABASE_URL: `postgres://flectar:secret-pw@127.0.0.1:${closedPort}/flectar` })
    expect(await unreachable.exited).toBe(1)
    expect(unreachable.output().trim()).toBe(`✖ The worker cannot start: Cannot reach PostgreSQL at flectar@127.0.0.1:${closedPort}/flectar (DATABASE_URL): ECONNREFUSED.`)
  })
})
