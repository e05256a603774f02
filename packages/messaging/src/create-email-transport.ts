import { devMailboxTransport } from './transports/dev-mailbox-transport'
import type { EmailTransport } from './transports/email-transport'
import { createResendTransport } from './transports/resend-transport'

export const DEFAULT_EMAIL_FROM = 'Flectar Base <no-reply@flectar.localhost>'

export interface EmailEnv {
  RESEND_API_KEY?: string
  RESEND_BASE_URL?: string
  EMAIL_FROM?: string
}

/**
 * The transport the environment asks for: Resend when `RESEND_API_KEY` is set (base URL
 * from `RESEND_BASE_URL`, sender from `EMAIL_FROM`), otherwise the dev mailbox.
 */
export function createEmailTransport(env: EmailEnv = process.env as EmailEnv): EmailTransport {
  const apiKey = env.RESEND_API_KEY?.trim()
  if (!apiKey) return devMailboxTransport
  return createResendTransport({
    apiKey,
    baseUrl: env.RESEND_BASE_URL?.trim() || undefined,
    from: env.EMAIL_FROM?.trim() || DEFAULT_EMAIL_FROM,
  })
}
