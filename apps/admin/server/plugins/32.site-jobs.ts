import { startSiteJobs } from '@flectar/sites/jobs'

// Sites housekeeping on pg-boss: unverified domain claims past 7 days are deleted hourly, so a
// claim nobody verifies does not linger. SITE_JOBS=false turns it off (e.g. for a second admin
// instance).
export default defineNitroPlugin((nitroApp) => {
  if (process.env.SITE_JOBS === 'false' || import.meta.prerender) return
  let stop: (() => Promise<void>) | undefined
  const start = setTimeout(async () => {
    try {
      const jobs = await startSiteJobs({
        connectionString: useServerConfig().DATABASE_URL,
        db: useDatabase().db,
        onError: error => useLogger().error('Site jobs failed', { error }),
        onDone: (job, result) => useLogger().debug('Site job done', { job, result }),
      })
      stop = jobs.stop
    }
    catch (error) {
      useLogger().error('Could not start the site jobs; expired domain claims wait for a restart', { error })
    }
  }, 5000)
  start.unref()
  nitroApp.hooks.hook('close', async () => {
    clearTimeout(start)
    await stop?.()
  })
})
