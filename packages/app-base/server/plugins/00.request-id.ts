// Every response carries X-Request-Id (see requestIdOf), pages and cached pages included.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('request', (event) => {
    requestIdOf(event)
  })
})
