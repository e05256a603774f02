// The admin app NOTIFYs `site_changed` with a project id when it publishes or changes
// domains; every site instance drops that project's cached pages and host lookups.
export default defineNitroPlugin(async (nitroApp) => {
  const { sql } = useDatabase()
  try {
    const listener = await sql.listen('site_changed', (projectId) => {
      purgeProjectPages(projectId || undefined)
      purgeHostCache()
    })
    nitroApp.hooks.hook('close', () => listener.unlisten())
  }
  catch (error) {
    // Without the database the app still starts (health says 503); cached pages expire by age.
    useLogger().warn('Could not listen for site changes; cache entries expire after 10 minutes', { error })
  }
})
