import { PgBoss } from 'pg-boss'
import type { DbOrTx } from '@flectar/db'
import { expireDomainClaims } from './expire-domain-claims'

export const EXPIRE_DOMAIN_CLAIMS_QUEUE = 'sites-expire-domain-claims'

export interface SiteJobsOptions {
  connectionString: string
  db: DbOrTx
  onError?: (error: unknown) => void
  onDone?: (job: string, result: unknown) => void
}

/**
 * Schedules the sites jobs on pg-boss: unverified domain claims past 7 days are deleted every
 * hour, so a claim nobody verifies stops showing (verification already refuses it). Idempotent,
 * so any number of instances may run it.
 */
export async function startSiteJobs(options: SiteJobsOptions) {
  const boss = new PgBoss({ connectionString: options.connectionString, max: 2 })
  boss.on('error', error => options.onError?.(error))
  await boss.start()
  await boss.createQueue(EXPIRE_DOMAIN_CLAIMS_QUEUE)
  await boss.schedule(EXPIRE_DOMAIN_CLAIMS_QUEUE, '25 * * * *')
  await boss.work(EXPIRE_DOMAIN_CLAIMS_QUEUE, async () => {
    options.onDone?.(EXPIRE_DOMAIN_CLAIMS_QUEUE, await expireDomainClaims(options.db))
  })
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) }
}
