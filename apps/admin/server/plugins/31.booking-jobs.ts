import { startBookingJobs } from '@flectar/bookings/jobs'

// Bookings housekeeping on pg-boss: expired payment holds free their slot and due reminders
// go out, every minute. BOOKING_JOBS=false turns them off (e.g. for a second admin instance).
export default defineNitroPlugin((nitroApp) => {
  if (process.env.BOOKING_JOBS === 'false' || import.meta.prerender) return
  let stop: (() => Promise<void>) | undefined
  const start = setTimeout(async () => {
    try {
      const jobs = await startBookingJobs({
        connectionString: useServerConfig().DATABASE_URL,
        db: useDatabase().db,
        secret: useServerConfig().SESSION_SECRET,
        siteOriginFor: siteUrlOf,
        onError: error => useLogger().error('Booking jobs failed', { error }),
        onDone: (job, result) => useLogger().debug('Booking job done', { job, result }),
      })
      stop = jobs.stop
    }
    catch (error) {
      useLogger().error('Could not start the booking jobs; holds and reminders wait for a restart', { error })
    }
  }, 5000)
  start.unref()
  nitroApp.hooks.hook('close', async () => {
    clearTimeout(start)
    await stop?.()
  })
})
