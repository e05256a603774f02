import { PgBoss } from 'pg-boss'
import type { DbOrTx } from '@flectar/db'
import { purgeAnalytics, rollupAnalytics } from './rollups'

export const ROLLUP_QUEUE = 'analytics-rollup'
export const PURGE_QUEUE = 'analytics-purge'

export interface AnalyticsJobsOptions {
  connectionString: string
  db: DbOrTx
  retentionDays: number
  onError?: (error: unknown) => void
  onDone?: (job: string, result: unknown) => void
}

/**
 * Starts pg-boss (its own `pgboss` schema) and schedules the analytics jobs: the rollups of every
 * project with new events every 5 minutes (the dashboard reads them), and the purge of old raw
 * events and salts daily at 03:15 UTC.
 * Every instance may run this: pg-boss hands each scheduled job to one worker, and the
 * handlers are idempotent anyway.
 */
export async function startAnalyticsJobs(options: AnalyticsJobsOptions) {
  const boss = new PgBoss({ connectionString: options.connectionString, max: 2 })
  boss.on('error', error => options.onError?.(error))
  await boss.start()
  for (const queue of [ROLLUP_QUEUE, PURGE_QUEUE]) await boss.createQueue(queue)
  await boss.schedule(ROLLUP_QUEUE, '*/5 * * * *')
  await boss.schedule(PURGE_QUEUE, '15 3 * * *')
  await boss.work(ROLLUP_QUEUE, async () => {
    options.onDone?.(ROLLUP_QUEUE, await rollupAnalytics(options.db))
  })
  await boss.work(PURGE_QUEUE, async () => {
    options.onDone?.(PURGE_QUEUE, await purgeAnalytics(options.db, { retentionDays: options.retentionDays }))
  })
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) }
}
