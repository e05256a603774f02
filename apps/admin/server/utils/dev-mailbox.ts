import { NotFoundError } from '@flectar/errors'

/**
 * The dev mailbox shows every stored email to anyone who can reach the admin app, so it
 * exists only in development while no email provider is configured, or when a test
 * deployment asks for it with DEV_MAILBOX=true (its provider is a local fake).
 */
export function requireDevMailbox() {
  const config = useServerConfig()
  const enabled = config.DEV_MAILBOX || (config.NODE_ENV !== 'production' && !config.RESEND_API_KEY)
  if (!enabled) throw new NotFoundError()
}
