import { createHmac, timingSafeEqual } from 'node:crypto'

export interface VerifyWhatsAppSignatureInput {
  /** The Meta app's secret (App settings → Basic), not the access token. */
  appSecret: string
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Buffer
  /** The X-Hub-Signature-256 header. */
  header: string | undefined
}

const HEADER_PATTERN = /^sha256=([0-9a-fA-F]{64})$/

/** `sha256=` + hex HMAC-SHA256(app secret, raw body): what Meta sends in X-Hub-Signature-256. */
export function signWhatsAppWebhook(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`
}

/**
 * Checks X-Hub-Signature-256 over the raw bytes, in constant time. Meta's archived SDK compares
 * with `==` over a body rebuilt from string chunks; we hash the bytes we got. Never throws: a
 * missing or malformed header, or an empty secret, is simply false.
 */
export function verifyWhatsAppSignature(input: VerifyWhatsAppSignatureInput): boolean {
  const { appSecret, rawBody, header } = input
  if (typeof appSecret !== 'string' || appSecret === '') return false
  if (typeof rawBody !== 'string' && !Buffer.isBuffer(rawBody)) return false
  const match = typeof header === 'string' ? HEADER_PATTERN.exec(header.trim()) : null
  if (match === null) return false
  const given = Buffer.from(match[1]!, 'hex')
  const expected = createHmac('sha256', appSecret).update(rawBody).digest()
  return given.length === expected.length && timingSafeEqual(given, expected)
}
