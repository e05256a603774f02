import Stripe from 'stripe'

/**
 * The Stripe API version every request is pinned to. It must be the version the installed SDK was
 * generated for (stripe 22.5.0 → 2026-07-29.dahlia): the SDK's types describe that version's
 * objects, and the fake answers with the same shapes. Upgrading the SDK means revisiting this.
 */
export const STRIPE_API_VERSION = '2026-07-29.dahlia' satisfies Stripe.LatestApiVersion

export interface StripeClientOptions {
  /** A secret (sk_…) or restricted (rk_…) key. Never logged or put in an error message. */
  secretKey: string
  /** Origin to talk to, e.g. the fake's `http://127.0.0.1:PORT`; default https://api.stripe.com. */
  baseUrl?: string
  /** SDK retries on connection errors, 409 and 5xx (with the same Idempotency-Key); default 2. */
  maxNetworkRetries?: number
  timeoutMs?: number
}

/**
 * A configured Stripe SDK instance. `baseUrl` becomes the SDK's host/port/protocol settings (its
 * path is always /v1/), which is how tests point it at the fake.
 */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const { secretKey, baseUrl } = options
  // A publishable key (pk_…) or a webhook secret here is a configuration mistake worth catching
  // early. The messages describe the problem and never include the value.
  if (typeof secretKey !== 'string' || !/^(?:sk|rk)_\S+$/.test(secretKey)) {
    throw new TypeError('createStripeClient needs a Stripe secret (sk_…) or restricted (rk_…) key without whitespace')
  }
  const config: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 80_000,
    telemetry: false,
  }
  if (baseUrl !== undefined) Object.assign(config, hostSettings(baseUrl))
  return new Stripe(secretKey, config)
}

function hostSettings(baseUrl: string): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  let url: URL
  try {
    url = new URL(baseUrl)
  }
  catch {
    throw new TypeError('createStripeClient baseUrl must be an absolute http(s) URL')
  }
  const protocol = url.protocol === 'http:' ? 'http' : url.protocol === 'https:' ? 'https' : undefined
  if (protocol === undefined || url.username !== '' || url.password !== '' || (url.pathname !== '/' && url.pathname !== '')) {
    throw new TypeError('createStripeClient baseUrl must be an http(s) origin without credentials or a path')
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port !== '' ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  }
}
