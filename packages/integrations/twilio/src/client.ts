import { createHash } from 'node:crypto'
import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient'
import type Response from 'twilio/lib/http/response'
import { checkTwilioConfig, type TwilioConfig } from './config'

/**
 * The SDK has no base-URL option: every resource builds an absolute https://api.twilio.com URI
 * (with region/edge from the environment spliced into the host). This client keeps the path and
 * query and swaps the origin for ours, so the real SDK talks to the fake, or to a proxy.
 */
class ApiUrlRequestClient extends twilio.RequestClient {
  readonly #base: string

  constructor(apiUrl: URL, timeoutMs: number) {
    super({ timeout: timeoutMs })
    this.#base = apiUrl.href.replace(/\/+$/, '')
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const target = new URL(opts.uri)
    return super.request({ ...opts, uri: `${this.#base}${target.pathname}${target.search}` })
  }
}

// Callers build a fresh config per send, so clients are cached by what they connect with: each
// one owns an https.Agent whose keep-alive sockets would otherwise pile up. The token is only
// kept as a hash in the key.
const MAX_CACHED_CLIENTS = 100
const clients = new Map<string, twilio.Twilio>()

/**
 * The SDK client for a config, shared by every config with the same account, token, apiUrl and
 * timeout. `logLevel` is pinned so a TWILIO_LOG_LEVEL=debug in the environment cannot print requests.
 */
export function createTwilioClient(config: TwilioConfig): twilio.Twilio {
  const { apiUrl, timeoutMs } = checkTwilioConfig(config)
  const key = [config.accountSid, createHash('sha256').update(config.authToken).digest('hex'), apiUrl.href, timeoutMs].join('\n')
  const cached = clients.get(key)
  if (cached) return cached
  const client = twilio(config.accountSid, config.authToken, {
    httpClient: new ApiUrlRequestClient(apiUrl, timeoutMs),
    logLevel: 'warn',
    autoRetry: false,
  })
  if (clients.size >= MAX_CACHED_CLIENTS) clients.delete(clients.keys().next().value!)
  clients.set(key, client)
  return client
}
