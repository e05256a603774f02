import { PgBoss } from 'pg-boss'
import type { DbOrTx } from '@flectar/db'
import { expireDomainClaims } from './expire-domain-claims'
import { pruneStoredPages } from './stored-pages'

export const EXPIRE_DOMAIN_CLAIMS_QUEUE = 'sites-expire-domain-claims'
export const PRUNE_STORED_PAGES_QUEUE = 'sites-prune-stored-pages'

export interface SiteJobsOptions {
  connectionString: string
  db: DbOrTx
  onError?: (error: unknown) => void
  onDone?: (job: string, result: unknown) => void
}

/**
 * Schedules the sites jobs on pg-boss: unverified domain claims past 7 days are deleted every
 * hour, so a claim nobody verifies stops showing (verification already refuses it); stored
 * pages too old to be served (a page nobody asked for since a deploy) go every hour too.
 * Idempotent, so any number of instances may run them.
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
  await boss.createQueue(PRUNE_STORED_PAGES_QUEUE)
  await boss.schedule(PRUNE_STORED_PAGES_QUEUE, '40 * * * *')
  await boss.work(PRUNE_STORED_PAGES_QUEUE, async () => {
    options.onDone?.(PRUNE_STORED_PAGES_QUEUE, await pruneStoredPages(options.db))
  })
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) }
}
