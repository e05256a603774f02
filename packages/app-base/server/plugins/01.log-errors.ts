// Unexpected errors (500s) are logged once, redacted, with the request path.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('error', (error, context) => {
    const statusCode = (error as { statusCode?: number }).statusCode ?? 500
    if (statusCode < 500) return
    useLogger().error('Unhandled error', { error, method: context.event?.method, path: context.event?.path })
  })
})
