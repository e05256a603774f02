import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoAnalytics } from '@flectar/analytics'
import { loadServerConfig, type ServerConfig } from '@flectar/config'
import { analyticsRollupState, outboxMessages } from '@flectar/db'
import { seedDemo } from '@flectar/db/seed'
import { createTestDatabase } from '@flectar/db/testing'
import { enqueueEmail } from '@flectar/messaging'
import { createLogger } from '@flectar/security'
import { seedDemoSite } from '@flectar/sites'
import { startJobs } from './start-jobs'

const POLL = { timeout: 15_000, interval: 200 }

describe('startJobs', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let storageDir: string
  let config: ServerConfig
  const lines: string[] = []
  const logger = createLogger({ name: 'jobs-test', level: 'debug', write: line => lines.push(line) })
  let projectId: string

  beforeAll(async () => {
    // A database pg-boss has never seen: its schema, queues and schedules are made by the starts below.
    database = await createTestDatabase()
    storageDir = await mkdtemp(path.join(tmpdir(), 'flectar-jobs-'))
    config = loadServerConfig({ DATABASE_URL: database.url, STORAGE_DIR: storageDir })
    const demo = await seedDemo(database.db, { ownerPasswordHash: 'not-used' })
    projectId = (await seedDemoSite(database.db, demo.orgId)).projectId
    await seedDemoAnalytics(database.db, projectId, { days: 1, sessionsPerDay: 5, now: new Date(Date.now() - 60 * 60 * 1000) })
  })
  afterAll(async () => {
    await database.drop()
    await rm(storageDir, { recursive: true, force: true })
  })

  it('starts twice at once on a fresh database: one schema, each queue and schedule once, one catch-up rollup', async () => {
    const [first, second] = await Promise.all([
      startJobs({ config, db: database.db, logger }),
      startJobs({ config, db: database.db, logger }),
    ])
    try {
      expect(first.kinds).toEqual(['outbox', 'account-purge', 'analytics', 'bookings', 'payments', 'sites'])
      expect(second.kinds).toEqual(first.kinds)
      const schedules = await database.db.execute<{ name: string, count: number }>(sql`select name, count(*)::int as count from pgboss.schedule group by name order by name`)
      expect(schedules.map(row => [row.name, row.count])).toEqual([
        ['analytics-purge', 1], ['analytics-rollup', 1], ['bookings-expire-holds', 1], ['bookings-files-purge', 1], ['bookings-reminders', 1], ['bookings-waitlist', 1], ['sites-expire-domain-claims', 1], ['sites-prune-stored-pages', 1],
      ])
      const queues = await database.db.execute<{ name: string }>(sql`select name from pgboss.queue where name not like '\_\_pgboss%' order by name`)
      expect(queues.map(row => row.name)).toEqual(schedules.map(row => row.name))

      // The rollup runs at start (not at the next 5-minute mark), once for both.
      const rollupState = () => database.db.select().from(analyticsRollupState).where(eq(analyticsRollupState.projectId, projectId))
      await expect.poll(async () => (await rollupState()).length, POLL).toBe(1)
      const rollups = await database.db.execute<{ count: number }>(sql`select count(*)::int as count from pgboss.job where name = 'analytics-rollup'`)
      expect(rollups[0]?.count).toBe(1)
    }
    finally {
      await Promise.all([first.stop(), second.stop()])
    }
  })

  it('delivers queued email within seconds, with the pg-boss kinds switched off', async () => {
    const quiet = loadServerConfig({ DATABASE_URL: database.url, STORAGE_DIR: storageDir, ANALYTICS_JOBS: 'false', BOOKING_JOBS: 'false', SITE_JOBS: 'false' })
    const { id } = await enqueueEmail(database.db, { to: 'ana@example.com', subject: 'Hello', text: 'Hello, Ana', template: 'test.hello' })
    const jobs = await startJobs({ config: quiet, db: database.db, logger })
    try {
      expect(jobs.kinds).toEqual(['outbox', 'account-purge'])
      const message = async () => (await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]
      await expect.poll(async () => (await message())?.status, POLL).toBe('sent')
      expect(await message()).toMatchObject({ status: 'sent', provider: 'dev-mailbox', attempts: 1 })
    }
    finally {
      await jobs.stop()
    }
  })

  it('delivers a burst of 200 emails in one run, not 20 every 2 s', async () => {
    const quiet = loadServerConfig({ DATABASE_URL: database.url, STORAGE_DIR: storageDir, ANALYTICS_JOBS: 'false', BOOKING_JOBS: 'false', SITE_JOBS: 'false' })
    const ids: string[] = []
    for (let index = 0; index < 200; index++) {
      ids.push((await enqueueEmail(database.db, { to: `burst-${index}@example.com`, subject: `Burst ${index}`, text: 'Your booking is confirmed.', template: 'test.burst' })).id)
    }
    const jobs = await startJobs({ config: quiet, db: database.db, logger })
    try {
      const sent = async () => (await database.db.select({ id: outboxMessages.id }).from(outboxMessages).where(and(inArray(outboxMessages.id, ids), eq(outboxMessages.status, 'sent')))).length
      // The first run starts 2 s after the start; 20 a run would need ten runs (20 s).
      await expect.poll(sent, { timeout: 6000, interval: 200 }).toBe(200)
    }
    finally {
      await jobs.stop()
    }
  })

  it('refuses to start on a bad ANALYTICS_RETENTION_DAYS before anything runs', async () => {
    const saved = process.env.ANALYTICS_RETENTION_DAYS
    process.env.ANALYTICS_RETENTION_DAYS = 'forever'
    try {
      await expect(startJobs({ config, db: database.db, logger })).rejects.toThrowError(/ANALYTICS_RETENTION_DAYS/)
    }
    finally {
      if (saved === undefined) delete process.env.ANALYTICS_RETENTION_DAYS
      else process.env.ANALYTICS_RETENTION_DAYS = saved
    }
  })
})
