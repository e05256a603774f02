import { retentionDaysFromEnv } from '@flectar/analytics'
import { startAnalyticsJobs } from '@flectar/analytics/jobs'

// Analytics rollups (every 5 minutes) and the purge of raw events past ANALYTICS_RETENTION_DAYS
// and of salts older than 48 hours (daily), through pg-boss in its own `pgboss` schema.
// ANALYTICS_JOBS=false turns them off (e.g. for a second admin instance or in tests).
export default defineNitroPlugin((nitroApp) => {
  if (process.env.ANALYTICS_JOBS === 'false' || import.meta.prerender) return
  let stop: (() => Promise<void>) | undefined
  const start = setTimeout(async () => {
    try {
      const jobs = await startAnalyticsJobs({
        connectionString: useServerConfig().DATABASE_URL,
        db: useDatabase().db,
        retentionDays: retentionDaysFromEnv(),
        onError: error => useLogger().error('Analytics jobs failed', { error }),
        onDone: (job, result) => useLogger().debug('Analytics job done', { job, result }),
      })
      stop = jobs.stop
    }
    catch (error) {
      useLogger().error('Could not start the analytics jobs; rollups and purges wait for a restart', { error })
    }
  }, 5000)
  start.unref()
  nitroApp.hooks.hook('close', async () => {
    clearTimeout(start)
    await stop?.()
  })
})
