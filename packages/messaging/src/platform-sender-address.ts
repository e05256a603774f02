import { DEFAULT_EMAIL_FROM, type EmailEnv } from './create-email-transport'

/**
 * The bare address the platform sends from (`EMAIL_FROM`, as `Name <address>` or an address;
 * default `no-reply@flectar.localhost`): for a message's or a calendar event's no-reply origin.
 */
export function platformSenderAddress(env: EmailEnv = process.env as EmailEnv): string {
  const from = env.EMAIL_FROM?.trim() || DEFAULT_EMAIL_FROM
  const bracketed = /<([^<>]*)>\s*$/.exec(from)?.[1]?.trim()
  return bracketed || from
}
