import { createLogger, type Logger } from '@flectar/security'

let logger: Logger | undefined

/** The app's logger: JSON lines with passwords, tokens, cookies, keys and card numbers redacted. */
export function useLogger(): Logger {
  logger ??= createLogger({ name: process.env.FLECTAR_APP ?? 'flectar' })
  return logger
}
