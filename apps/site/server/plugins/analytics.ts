// Public analytics: the tracker tag on published pages of projects with the analytics module,
// and the event buffer flushed when the server shuts down.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    const site = event.context.site as { project: { modules: string[], analyticsCookieless: boolean } } | undefined
    if (!site?.project.modules.includes('analytics')) return
    if (event.path.startsWith('/_preview') || getResponseStatus(event) !== 200) return
    html.head.push(`<script src="/js/script.js" defer${site.project.analyticsCookieless ? ' data-cookieless' : ''}></script>`)
  })
  nitroApp.hooks.hook('close', async () => {
    await closeAnalyticsBuffer()
  })
})
