import { TURNSTILE_TEST_KEYS, verifyTurnstileToken } from '@flectar/turnstile'
import type { TurnstileKeys } from './turnstile-settings'

/** The widget's `data-action` on each protected form; a token solved for one is refused by the other. */
export type TurnstileFormAction = 'contact' | 'booking'

export interface CheckTurnstileOptions {
  /** The project's keys, or undefined when it has Turnstile off: nothing is checked then. */
  keys: TurnstileKeys | undefined
  /** What the form posted as `cf-turnstile-response`, as received (absent, repeated, anything). */
  token: unknown
  action: TurnstileFormAction
  /** The host the form was served on (the widget ran there), without the port. */
  hostname: string
  /** The visitor's address, passed on to Cloudflare. */
  remoteIp?: string
  /** TURNSTILE_VERIFY_URL; Cloudflare's when unset. */
  verifyUrl?: string
  timeoutMs?: number
}

/**
 * - `ok`: no Turnstile on this project (`checked: false`), or Cloudflare said yes for this host
 *   and form (`checked: true`).
 * - `refused`: no token, or one Cloudflare refused (invalid, expired, spent, another host or
 *   form): the visitor solves the check again.
 * - `unavailable`: Cloudflare could not be asked, or refused our own secret (`errorCodes` tells
 *   which; they are kebab-case codes, safe to log): the visitor tries again later.
 */
export type TurnstileCheck = { outcome: 'ok', checked: boolean } | { outcome: 'refused' | 'unavailable', errorCodes: string[] }

const TEST_SECRETS = new Set<string>(Object.values(TURNSTILE_TEST_KEYS))

/** Whether a public form post may go on, by the project's Turnstile settings (checked before anything is stored). */
export async function checkTurnstile(options: CheckTurnstileOptions): Promise<TurnstileCheck> {
  const { keys } = options
  if (!keys) return { outcome: 'ok', checked: false }
  // Cloudflare's test secrets answer for `example.com` and no action, whatever the widget ran on.
  const test = TEST_SECRETS.has(keys.secretKey)
  const result = await verifyTurnstileToken({
    secret: keys.secretKey,
    token: typeof options.token === 'string' ? options.token : undefined,
    remoteIp: options.remoteIp,
    verifyUrl: options.verifyUrl,
    expectedHostname: test ? undefined : options.hostname,
    expectedAction: test ? undefined : options.action,
    timeoutMs: options.timeoutMs,
  })
  if (result.ok) return { outcome: 'ok', checked: true }
  return { outcome: result.reason === 'unavailable' ? 'unavailable' : 'refused', errorCodes: result.errorCodes }
}
