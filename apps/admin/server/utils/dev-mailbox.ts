import { NotFoundError } from '@flectar/errors'

/**
 * The dev mailbox shows every stored email to anyone who can reach the admin app, so it
 * exists only in development (or with DEV_MAILBOX=true for test deployments) and only
 * while no email provider is configured.
 */
export function requireDevMailbox() {
  const config = useServerConfig()
  const enabled = (config.NODE_ENV !== 'production' || config.DEV_MAILBOX) && !config.RESEND_API_KEY
  if (!enabled) throw new NotFoundError()
}
