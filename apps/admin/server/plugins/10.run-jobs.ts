import { startJobs, type RunningJobs } from '@flectar/jobs'

// Background jobs (outbox, purges, the pg-boss queues) run in the worker (`pnpm worker`).
// ADMIN_RUNS_JOBS=true runs the same starter in this admin instance too, for a one-process
// install; it waits 5 s so a failing start never holds up serving, and is only logged.
export default defineNitroPlugin((nitroApp) => {
  if (!useServerConfig().ADMIN_RUNS_JOBS || import.meta.prerender) return
  let jobs: RunningJobs | undefined
  const start = setTimeout(async () => {
    try {
      jobs = await startJobs({ config: useServerConfig(), db: useDatabase().db, logger: useLogger(), storage: useFileStorage() })
      useLogger().info('Background jobs started in the admin app (ADMIN_RUNS_JOBS)', { jobs: jobs.kinds })
    }
    catch (error) {
      useLogger().error('Could not start the background jobs; they wait for a restart (or run a worker)', { error })
    }
  }, 5000)
  start.unref()
  nitroApp.hooks.hook('close', async () => {
    clearTimeout(start)
    await jobs?.stop()
  })
})
