import type { H3Event } from 'h3'
import { checkTurnstile, loadTurnstileKeys, loadTurnstileSiteKey, type TurnstileCheck, type TurnstileFormAction } from '@flectar/messaging'
import { clientAddress, createKeyRing, type KeyRing } from '@flectar/security'

let keyRing: KeyRing | undefined

/** The Turnstile site key of a project's public forms, or undefined when it has Turnstile off. */
export async function turnstileSiteKeyOf(projectId: string): Promise<string | undefined> {
  return await loadTurnstileSiteKey(useDatabase().db, projectId)
}

/**
 * A public form post checked against its project's Turnstile settings (`ok` when it has them
 * off), before anything of the post is stored: the widget's token, this request's host and the
 * visitor's address, at TURNSTILE_VERIFY_URL. The honeypot and the rate limits apply either way.
 */
export async function checkFormTurnstile(event: H3Event, projectId: string, token: unknown, action: TurnstileFormAction): Promise<TurnstileCheck> {
  const config = useServerConfig()
  keyRing ??= createKeyRing(config.ENCRYPTION_KEY)
  const keys = await loadTurnstileKeys(useDatabase().db, keyRing, projectId)
  if (!keys) return { outcome: 'ok', checked: false }
  const address = clientAddress({ socketAddress: event.node.req.socket?.remoteAddress, forwardedFor: event.node.req.headers['x-forwarded-for'], trustProxy: config.TRUST_PROXY })
  const check = await checkTurnstile({
    keys, token, action,
    hostname: requestHost(event).replace(/:\d+$/, ''),
    remoteIp: address === 'unknown' ? undefined : address,
    verifyUrl: config.TURNSTILE_VERIFY_URL,
  })
  // Error codes are Cloudflare's kebab-case words: never the token, the secret or the address.
  if (check.outcome === 'unavailable') useLogger().warn('Turnstile could not check a form post', { projectId, action, errorCodes: check.errorCodes })
  return check
}
