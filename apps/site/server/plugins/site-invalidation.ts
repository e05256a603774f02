import { SITE_CHANGED_CHANNEL } from '@flectar/sites'

// @flectar/sites NOTIFYs SITE_CHANGED_CHANNEL with a project id when a change visitors would see
// commits (publishing, domains, redirects, settings); every site instance drops that project's
// pages from memory and its host lookups (the stored bytes went in that transaction).
export default defineNitroPlugin(async (nitroApp) => {
  const { sql } = useDatabase()
  const purgeEverything = () => {
    purgeProjectPages()
    purgeHostCache()
  }
  try {
    const listener = await sql.listen(SITE_CHANGED_CHANNEL, (projectId) => {
      purgeProjectPages(projectId || undefined)
      purgeHostCache()
    }, purgeEverything) // called again on every reconnect: notifications sent while the connection was down are lost
    nitroApp.hooks.hook('close', () => listener.unlisten())
  }
  catch (error) {
    // Without the database the app still starts (health says 503); cached pages expire by age.
    useLogger().warn('Could not listen for site changes; cache entries expire after 10 minutes', { error })
  }
})
