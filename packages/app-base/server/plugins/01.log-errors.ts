// Unexpected errors (5xx) are logged once, redacted, with the request id the client was given.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('error', (error, context) => {
    const statusCode = (error as { statusCode?: number }).statusCode ?? 500
    if (statusCode < 500) return
    const event = context.event
    useLogger().error('Unhandled error', { error, method: event?.method, path: event?.path, requestId: event ? requestIdOf(event) : undefined })
  })
})
