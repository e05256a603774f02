import { createEmailTransport, deliverPendingMessages } from '@flectar/messaging'

// Sends queued email every few seconds (a pg-boss worker takes this over at scale).
// Several instances are safe: rows are claimed with FOR UPDATE SKIP LOCKED.
export default defineNitroPlugin((nitroApp) => {
  const config = useServerConfig()
  const transport = createEmailTransport({ RESEND_API_KEY: config.RESEND_API_KEY, RESEND_BASE_URL: config.RESEND_BASE_URL, EMAIL_FROM: config.EMAIL_FROM })
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      await deliverPendingMessages(useDatabase().db, transport, { from: config.EMAIL_FROM })
    }
    catch (error) {
      useLogger().error('Outbox delivery failed', { error })
    }
    finally {
      running = false
    }
  }, 2000)
  timer.unref()
  nitroApp.hooks.hook('close', () => clearInterval(timer))
})
