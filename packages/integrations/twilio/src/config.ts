/** Twilio's REST API origin; the SDK hard-codes it, `apiUrl` replaces it. */
export const TWILIO_API_URL = 'https://api.twilio.com'

export interface TwilioConfig {
  /** The account SID, `AC` + 32 hex digits. */
  accountSid: string
  authToken: string
  /** Where API calls go instead of api.twilio.com, e.g. the fake's `apiUrl`. Default TWILIO_API_URL. */
  apiUrl?: string
  /** Per-request timeout; default 15 000 ms (the SDK's own default is 30 s). */
  timeoutMs?: number
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i

/**
 * Throws a TypeError for a config that cannot work, before any request. The messages name the
 * field, never its value: a token pasted into the wrong field must not end up in a log.
 */
export function checkTwilioConfig(config: TwilioConfig): { apiUrl: URL, timeoutMs: number } {
  if (typeof config.accountSid !== 'string' || !ACCOUNT_SID.test(config.accountSid)) {
    throw new TypeError('Twilio accountSid must be AC followed by 32 hex digits')
  }
  if (typeof config.authToken !== 'string' || config.authToken.trim() === '') {
    throw new TypeError('Twilio authToken is missing')
  }
  let apiUrl: URL
  try {
    apiUrl = new URL(config.apiUrl ?? TWILIO_API_URL)
  }
  catch {
    throw new TypeError('Twilio apiUrl is not a URL')
  }
  if (apiUrl.protocol !== 'https:' && apiUrl.protocol !== 'http:') throw new TypeError('Twilio apiUrl must be http(s)')
  if (apiUrl.search !== '' || apiUrl.hash !== '' || apiUrl.username !== '' || apiUrl.password !== '') {
    throw new TypeError('Twilio apiUrl must be an origin with an optional path, nothing else')
  }
  const timeoutMs = config.timeoutMs ?? 15_000
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new TypeError('Twilio timeoutMs must be a positive integer')
  return { apiUrl, timeoutMs }
}
