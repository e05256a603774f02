import { Client, Environment } from '@paypal/paypal-server-sdk'

/** PayPal's REST hosts per environment (the SDK's own, fixed per Environment). */
export const PAYPAL_API_BASE_URLS = {
  sandbox: 'https://api-m.sandbox.paypal.com',
  live: 'https://api-m.paypal.com',
} as const

export type PayPalEnvironment = keyof typeof PAYPAL_API_BASE_URLS

export interface PayPalClientOptions {
  clientId: string
  clientSecret: string
  environment: PayPalEnvironment
  /**
   * Origin to send every call to instead of PayPal's host, e.g. the fake server's url. The SDK
   * has no base-URL option, so this swaps its HTTP transport for a fetch that rewrites the origin.
   */
  baseUrl?: string
  /** Per-request timeout; the SDK's default is none at all. */
  timeoutMs?: number
}

interface ClientContext {
  /** Where the REST calls of this client go (PayPal's host or the override). */
  apiBaseUrl: string
}

/** What createPayPalClient knew about a client, for calls the SDK does not cover (webhook verification). */
const clientContexts = new WeakMap<Client, ClientContext>()

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * A configured PayPal SDK client. Throws on missing credentials; no message ever includes the
 * secret. The SDK's retries stay off (its default): POSTs are made safe by PayPal-Request-Id, and
 * the caller decides when to retry.
 */
export function createPayPalClient(options: PayPalClientOptions): Client {
  const { clientId, clientSecret, environment, baseUrl } = options
  if (typeof clientId !== 'string' || clientId === '') throw new TypeError('createPayPalClient needs a clientId')
  if (typeof clientSecret !== 'string' || clientSecret === '') throw new TypeError('createPayPalClient needs a clientSecret')
  if (!(environment in PAYPAL_API_BASE_URLS)) throw new TypeError('createPayPalClient: environment must be \'sandbox\' or \'live\'')
  const override = baseUrl === undefined ? undefined : originOf(baseUrl)
  const client = new Client({
    environment: environment === 'live' ? Environment.Production : Environment.Sandbox,
    clientCredentialsAuthCredentials: { oAuthClientId: clientId, oAuthClientSecret: clientSecret },
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // `unstable_httpClientOptions` is handed to axios.create() by the SDK's adapter
    // (@apimatic/axios-client-adapter); axios' fetch adapter takes a custom fetch in `env.fetch`.
    ...(override === undefined ? {} : { unstable_httpClientOptions: { adapter: 'fetch', env: { fetch: originRewritingFetch(override) } } }),
  })
  clientContexts.set(client, { apiBaseUrl: override ?? PAYPAL_API_BASE_URLS[environment] })
  return client
}

/** The REST origin a client from createPayPalClient talks to. */
export function payPalApiBaseUrl(client: Client): string {
  const context = clientContexts.get(client)
  if (context === undefined) throw new TypeError('Not a client made by createPayPalClient')
  return context.apiBaseUrl
}

function originOf(baseUrl: string): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  }
  catch {
    throw new TypeError('createPayPalClient: baseUrl is not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('createPayPalClient: baseUrl must be http(s)')
  return url.origin
}

/** A fetch that sends the SDK's request to `origin`, keeping path, query, method, headers and body. */
function originRewritingFetch(origin: string): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const target = new URL(request.url)
    const rewritten = new URL(`${target.pathname}${target.search}`, origin)
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
    return fetch(rewritten, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      signal: request.signal,
      redirect: 'manual',
    })
  }
}
