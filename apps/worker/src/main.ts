/**
 * The worker: every background job (outbox delivery, the account purge, the pg-boss queues of
 * analytics, bookings and sites) in a process of its own. Run as many as you like beside the
 * apps; they share the work. SIGTERM or SIGINT stops it gracefully (exit 0); a start-up failure
 * (bad configuration, unreachable database) exits 1 with one line saying why.
 */
import { ConfigError, loadServerConfig } from '@flectar/config'
import { assertDatabaseReachable, createDb, describeDatabaseUrl } from '@flectar/db'
import { startJobs } from '@flectar/jobs'
import { createLogger, redactString } from '@flectar/security'

// Longer than pg-boss's 10 s of grace for running jobs, short of an orchestrator's kill.
const STOP_DEADLINE_MS = 25_000

async function main() {
  const config = loadServerConfig(process.env)
  await assertDatabaseReachable(config.DATABASE_URL)
  const logger = createLogger({ name: 'worker' })
  const connection = createDb(config.DATABASE_URL, { max: 5 })

  const jobs = startJobs({ config, db: connection.db, logger })
  let stopping = false
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger.info('Worker stopping', { signal })
    setTimeout(() => {
      logger.error('Worker did not stop in time; exiting', { timeoutMs: STOP_DEADLINE_MS })
      process.exit(1)
    }, STOP_DEADLINE_MS).unref()
    // A signal during start-up waits for the start, then stops what started.
    await jobs.then(running => running.stop(), () => {})
    await connection.close()
    logger.info('Worker stopped')
    process.exit(0)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal))

  const running = await jobs
  if (!stopping) logger.info('Worker started', { jobs: running.kinds, database: describeDatabaseUrl(config.DATABASE_URL) })
}

main().catch((error: Error) => {
  // A configuration error names variables, never values, one per line: keep it to one line.
  // Anything else (pg-boss refusing to start…) is redacted in case it quotes a connection string.
  const reason = error instanceof ConfigError ? error.message.replace(/\s*\n\s*/g, ' ') : redactString(error.message)
  console.error(process.env.DEBUG ? error : `✖ The worker cannot start: ${reason}`)
  process.exit(1)
})
