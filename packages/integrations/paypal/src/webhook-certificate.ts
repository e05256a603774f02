import { X509Certificate } from 'node:crypto'

/**
 * Hosts PayPal serves webhook signing certificates from. A delivery names its certificate in
 * paypal-cert-url, so anyone could point it at their own: only these hosts, over HTTPS on the
 * default port, are fetched (plus exact origins the caller adds, for the fake server).
 */
export const PAYPAL_CERT_HOSTS: readonly string[] = ['api.paypal.com', 'api.sandbox.paypal.com', 'api-m.paypal.com', 'api-m.sandbox.paypal.com']

const MAX_CERT_BYTES = 64 * 1024
const FETCH_TIMEOUT_MS = 10_000
/** Certificates rotate under a new URL, so a URL's content can be kept. */
const certificateCache = new Map<string, string>()
const MAX_CACHED = 50

export interface CertificateFetchOptions {
  /** Extra exact origins to trust, e.g. the fake's `http://127.0.0.1:PORT`. Never in production. */
  trustedOrigins?: readonly string[]
}

/** Whether paypal-cert-url may be fetched at all (see PAYPAL_CERT_HOSTS). */
export function isTrustedPayPalCertUrl(certUrl: string, options: CertificateFetchOptions = {}): boolean {
  let url: URL
  try {
    url = new URL(certUrl)
  }
  catch {
    return false
  }
  if (url.username !== '' || url.password !== '') return false
  if ((options.trustedOrigins ?? []).includes(url.origin)) return true
  return url.protocol === 'https:' && url.port === '' && PAYPAL_CERT_HOSTS.includes(url.hostname)
}

/**
 * Fetches (and caches) the PEM certificate at paypal-cert-url, for verifyPayPalWebhookOffline.
 * Undefined when the URL is not trusted, unreachable, too large or not a certificate.
 */
export async function fetchPayPalWebhookCertificate(certUrl: string, options: CertificateFetchOptions = {}): Promise<string | undefined> {
  if (!isTrustedPayPalCertUrl(certUrl, options)) return undefined
  // Only PayPal's certificates are cached: a restarted fake on the same port has a new key.
  const cacheable = isTrustedPayPalCertUrl(certUrl)
  const cached = certificateCache.get(certUrl)
  if (cached !== undefined) return cached
  try {
    const response = await fetch(certUrl, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
    if (!response.ok) return undefined
    const bytes = Buffer.from(await response.arrayBuffer())
    if (bytes.length > MAX_CERT_BYTES) return undefined
    const pem = bytes.toString('utf8')
    new X509Certificate(pem) // throws if it is not one
    if (cacheable) {
      if (certificateCache.size >= MAX_CACHED) certificateCache.clear()
      certificateCache.set(certUrl, pem)
    }
    return pem
  }
  catch {
    return undefined
  }
}
