import { ConfigError } from '@flectar/config'

// Fail fast at start-up: a server with a bad configuration must not start serving.
export default defineNitroPlugin((nitroApp) => {
  try {
    useServerConfig()
  }
  catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[flectar] ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  nitroApp.hooks.hook('close', closeDatabase)
})
