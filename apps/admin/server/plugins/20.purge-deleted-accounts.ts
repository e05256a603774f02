import { purgeDeletedAccounts } from '@flectar/accounts'

const EVERY_MS = 6 * 60 * 60 * 1000

// Deleted accounts are kept ACCOUNT_RETENTION_DAYS, then purged for good (a minute after
// start-up, then every 6 hours). Several instances are safe: a row is deleted once.
export default defineNitroPlugin((nitroApp) => {
  const config = useServerConfig()
  async function purge() {
    try {
      const { purged, failedFiles } = await purgeDeletedAccounts(useDatabase().db, useFileStorage(), { retentionDays: config.ACCOUNT_RETENTION_DAYS })
      if (purged > 0) useLogger().info('Purged deleted accounts', { purged, retentionDays: config.ACCOUNT_RETENTION_DAYS })
      if (failedFiles.length > 0) useLogger().warn('Some files of purged accounts could not be deleted', { count: failedFiles.length })
    }
    catch (error) {
      useLogger().error('Purging deleted accounts failed', { error })
    }
  }
  const first = setTimeout(purge, 60 * 1000)
  const timer = setInterval(purge, EVERY_MS)
  first.unref()
  timer.unref()
  nitroApp.hooks.hook('close', () => {
    clearTimeout(first)
    clearInterval(timer)
  })
})
