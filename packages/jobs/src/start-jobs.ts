import { purgeDeletedAccounts } from '@flectar/accounts'
import { retentionDaysFromEnv } from '@flectar/analytics'
import { ROLLUP_QUEUE, startAnalyticsJobs } from '@flectar/analytics/jobs'
import { bookingPaymentHooks, purgeUnusedBookingFiles } from '@flectar/bookings'
import { startBookingJobs } from '@flectar/bookings/jobs'
import type { ServerConfig } from '@flectar/config'
import type { Db } from '@flectar/db'
import { runInvoiceWork } from '@flectar/invoices'
import { createChannelSenders, createEmailTransport, deliverPendingMessages } from '@flectar/messaging'
import { reconcilePendingPayments, runPaymentWork } from '@flectar/payments'
import { createKeyRing, type Logger } from '@flectar/security'
import { startSiteJobs } from '@flectar/sites/jobs'
import { createStorageFromEnv, type FileStorage } from '@flectar/storage'
import { siteUrlFromPattern } from './site-url-from-pattern'
import { startRepeating } from './start-repeating'

export const BOOKING_FILES_PURGE_QUEUE = 'bookings-files-purge'
const OUTBOX_EVERY_MS = 2000
/** Webhooks are applied within about a second of arriving: the visitor is waiting on the result page. */
const PAYMENTS_EVERY_MS = 1000
/** Paid bookings are invoiced, refunds credited and invoices emailed within seconds. */
const INVOICES_EVERY_MS = 5000
/** Stripe and PayPal are asked about payments whose webhook has not come, every minute. */
const RECONCILE_EVERY_MS = 60 * 1000
const OUTBOX_BATCH = 20
/** Short of the next run, and of what a stop waits for. */
const OUTBOX_RUN_BUDGET_MS = 1500
const ACCOUNT_PURGE_EVERY_MS = 6 * 60 * 60 * 1000
const ACCOUNT_PURGE_FIRST_AFTER_MS = 60 * 1000

/** What runs: the outbox and the account purge always, the pg-boss kinds unless switched off. */
export type JobKind = 'outbox' | 'account-purge' | 'analytics' | 'bookings' | 'payments' | 'sites'

export interface StartJobsOptions {
  /** The validated environment (`loadServerConfig`): database, per-kind switches, email, storage, site URLs. */
  config: ServerConfig
  /** The process's pool; every handler queries through it. */
  db: Db
  logger: Logger
  /** The files purges delete from; by default the storage the config names. */
  storage?: FileStorage
}

export interface RunningJobs {
  kinds: JobKind[]
  /** Takes no new work, waits for what is running (pg-boss: up to 10 s), closes pg-boss's pools. */
  stop: () => Promise<void>
}

/**
 * Starts every background job of the product in this process: outbox delivery (every 2 s),
 * the purge of deleted accounts (a minute after start, then every 6 hours) and the pg-boss
 * queues of analytics, bookings and sites (ANALYTICS_JOBS, BOOKING_JOBS, SITE_JOBS); with the
 * bookings, the payment work (webhooks applied, holds expired, refunds sent) every second and
 * the invoice work (paid bookings invoiced, refunds credited, invoices emailed) every 5 s.
 * Any number of processes may run this at once, starting together too: pg-boss creates its
 * schema and queues under advisory locks and upserts schedules, hands each job to one worker,
 * and the outbox and the purges claim rows with FOR UPDATE SKIP LOCKED or delete each once.
 * A failure to start stops what had started and throws.
 */
export async function startJobs(options: StartJobsOptions): Promise<RunningJobs> {
  const { config, db, logger } = options
  // Read before anything starts, so a bad value fails the start.
  const retentionDays = retentionDaysFromEnv()
  const storage = options.storage ?? createStorageFromEnv(config)
  const running: Array<{ kind: JobKind, stop: () => Promise<void> }> = []
  const stopAll = async () => {
    await Promise.all(running.splice(0).map(job => job.stop()))
  }
  const reportFor = (label: string) => ({
    onError: (error: unknown) => logger.error(`${label} jobs failed`, { error }),
    onDone: (job: string, result: unknown) => logger.debug(`${label} job done`, { job, result }),
  })

  try {
    running.push({ kind: 'outbox', ...startOutboxDelivery(db, config, logger) })
    running.push({ kind: 'account-purge', ...startAccountPurge(db, storage, config.ACCOUNT_RETENTION_DAYS, logger) })
    if (config.ANALYTICS_JOBS) {
      const analytics = await startAnalyticsJobs({ connectionString: config.DATABASE_URL, db, retentionDays, ...reportFor('Analytics') })
      running.push({ kind: 'analytics', stop: analytics.stop })
      // Roll up now rather than at the next 5-minute mark (a deploy, a restart after an outage);
      // once, however many workers start within the minute.
      await analytics.boss.send(ROLLUP_QUEUE, null, { singletonKey: 'on-start', singletonSeconds: 60 })
    }
    if (config.BOOKING_JOBS) {
      const report = reportFor('Booking')
      const bookings = await startBookingJobs({
        connectionString: config.DATABASE_URL,
        db,
        secret: config.SESSION_SECRET,
        siteOriginFor: slug => siteUrlFromPattern(config.NUXT_PUBLIC_SITE_URL_PATTERN, slug),
        ...report,
      })
      running.push({ kind: 'bookings', stop: bookings.stop })
      const work = startPaymentWork(db, config, logger)
      const reconciliation = startReconciliation(db, config, logger)
      const invoicing = startInvoiceWork(db, storage, logger)
      running.push({ kind: 'payments', stop: async () => void await Promise.all([work.stop(), reconciliation.stop(), invoicing.stop()]) })
      // Visitors' uploads no booking names, daily; here because it needs the file storage.
      await bookings.boss.createQueue(BOOKING_FILES_PURGE_QUEUE)
      await bookings.boss.schedule(BOOKING_FILES_PURGE_QUEUE, '40 3 * * *')
      await bookings.boss.work(BOOKING_FILES_PURGE_QUEUE, async () => {
        report.onDone(BOOKING_FILES_PURGE_QUEUE, await purgeUnusedBookingFiles(db, storage))
      })
    }
    if (config.SITE_JOBS) {
      const sites = await startSiteJobs({ connectionString: config.DATABASE_URL, db, ...reportFor('Site') })
      running.push({ kind: 'sites', stop: sites.stop })
    }
  }
  catch (error) {
    await stopAll()
    throw error
  }
  return { kinds: running.map(job => job.kind), stop: stopAll }
}

/**
 * Sends queued email, SMS and WhatsApp (each site's own connection, or the dev mailbox); concurrent senders never send one message twice (see @flectar/messaging).
 * A full batch sent without a failure means more is waiting (a burst of bookings): the run goes
 * on with the next batch, for up to OUTBOX_RUN_BUDGET_MS, instead of leaving it 2 s. A failure
 * ends the run, so a provider that is down is tried again at the next run, not in a loop.
 */
function startOutboxDelivery(db: Db, config: ServerConfig, logger: Logger) {
  const transport = createEmailTransport(config)
  const channels = createChannelSenders(db, createKeyRing(config.ENCRYPTION_KEY), config)
  return startRepeating(async () => {
    try {
      const began = Date.now()
      for (;;) {
        const { sent, failed } = await deliverPendingMessages(db, transport, { from: config.EMAIL_FROM, limit: OUTBOX_BATCH, channels })
        if (sent < OUTBOX_BATCH || failed > 0 || Date.now() - began > OUTBOX_RUN_BUDGET_MS) break
      }
    }
    catch (error) {
      logger.error('Outbox delivery failed', { error })
    }
  }, { everyMs: OUTBOX_EVERY_MS })
}

/**
 * Applies stored payment webhooks, expires payments whose hold ended and sends decided refunds,
 * every second; each step claims its rows, so several workers share the work.
 */
function startPaymentWork(db: Db, config: ServerConfig, logger: Logger) {
  const hooks = bookingPaymentHooks({
    secret: config.SESSION_SECRET,
    siteOriginFor: slug => siteUrlFromPattern(config.NUXT_PUBLIC_SITE_URL_PATTERN, slug),
    adminUrlFor: projectId => `${config.ADMIN_URL.replace(/\/$/, '')}/projects/${projectId}?tab=bookings`,
  })
  const options = { hooks, keyRing: createKeyRing(config.ENCRYPTION_KEY), endpoints: paymentEndpoints(config) }
  return startRepeating(async () => {
    try {
      const done = await runPaymentWork(db, options)
      if (done.failed > 0) logger.warn('Some payment webhooks could not be applied yet', { failed: done.failed })
      else if (done.applied + done.expired + done.refunded > 0) logger.debug('Payment work done', { ...done })
    }
    catch (error) {
      logger.error('Payment work failed', { error })
    }
  }, { everyMs: PAYMENTS_EVERY_MS })
}

/** A lost webhook must not lose a payment: what Stripe and PayPal say of waiting payments goes to the inbox. */
function startReconciliation(db: Db, config: ServerConfig, logger: Logger) {
  const options = { keyRing: createKeyRing(config.ENCRYPTION_KEY), endpoints: paymentEndpoints(config) }
  return startRepeating(async () => {
    try {
      const stored = await reconcilePendingPayments(db, options)
      if (stored > 0) logger.info('Reconciled payments whose webhook had not come', { stored })
    }
    catch (error) {
      logger.error('Payment reconciliation failed', { error })
    }
  }, { everyMs: RECONCILE_EVERY_MS, firstAfterMs: RECONCILE_EVERY_MS })
}

/** Invoices that follow payments; each item claimed in its own transaction, so workers share it. */
function startInvoiceWork(db: Db, storage: FileStorage, logger: Logger) {
  return startRepeating(async () => {
    try {
      const done = await runInvoiceWork(db, { storage, log: message => logger.warn(message) })
      if (done.invoiced + done.credited + done.sent > 0) logger.debug('Invoice work done', { ...done })
    }
    catch (error) {
      logger.error('Invoice work failed', { error })
    }
  }, { everyMs: INVOICES_EVERY_MS })
}

function paymentEndpoints(config: ServerConfig) {
  return { stripeApiUrl: config.STRIPE_API_URL, paypalApiUrl: config.PAYPAL_API_URL, redsysUrl: config.REDSYS_URL }
}

/** Accounts deleted more than `retentionDays` ago go for good, with their files; a row is deleted once. */
function startAccountPurge(db: Db, storage: FileStorage, retentionDays: number, logger: Logger) {
  return startRepeating(async () => {
    try {
      const { purged, failedFiles } = await purgeDeletedAccounts(db, storage, { retentionDays })
      if (purged > 0) logger.info('Purged deleted accounts', { purged, retentionDays })
      if (failedFiles.length > 0) logger.warn('Some files of purged accounts could not be deleted', { count: failedFiles.length })
    }
    catch (error) {
      logger.error('Purging deleted accounts failed', { error })
    }
  }, { everyMs: ACCOUNT_PURGE_EVERY_MS, firstAfterMs: ACCOUNT_PURGE_FIRST_AFTER_MS })
}
