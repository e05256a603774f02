import { startBookingJobs } from '@flectar/bookings/jobs'
import { purgeUnusedBookingFiles } from '@flectar/sites'

const FILES_PURGE_QUEUE = 'bookings-files-purge'

// Bookings housekeeping on pg-boss: expired payment holds free their slot and due reminders
// go out, every minute; visitors' uploads no booking uses are deleted daily (the admin holds
// the file storage). BOOKING_JOBS=false turns them off (e.g. for a second admin instance).
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
      await jobs.boss.createQueue(FILES_PURGE_QUEUE)
      await jobs.boss.schedule(FILES_PURGE_QUEUE, '40 3 * * *')
      await jobs.boss.work(FILES_PURGE_QUEUE, async () => {
        useLogger().debug('Booking job done', { job: FILES_PURGE_QUEUE, result: await purgeUnusedBookingFiles(useDatabase().db, useFileStorage()) })
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
