import { createPublicKey, createSign, type KeyObject, verify, X509Certificate } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { payPalTransmission, rawBodyBytes, type WebhookHeaders } from './webhook-headers'

/** The only algorithm PayPal names in paypal-auth-algo. */
export const PAYPAL_AUTH_ALGO = 'SHA256withRSA'

export interface VerifyPayPalWebhookOfflineInput {
  headers: WebhookHeaders
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array
  /** Our webhook subscription id (from the PayPal app), not the event id. */
  webhookId: string
  /** The PEM served at paypal-cert-url, fetched with fetchPayPalWebhookCertificate. */
  certificatePem: string
}

/**
 * The string PayPal signs: `<transmission-id>|<transmission-time>|<webhook-id>|<crc32>`, with the
 * CRC32 of the raw body as an unsigned decimal.
 */
export function payPalSignedMessage(transmissionId: string, transmissionTime: string, webhookId: string, rawBody: string | Uint8Array): string {
  return `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(rawBodyBytes(rawBody))}`
}

/**
 * Verifies a webhook delivery without calling PayPal: RSA-SHA256 over payPalSignedMessage with the
 * certificate's public key. It checks the maths only, not the certificate's chain or dates (the
 * published vector's certificate expired in 2021): trust comes from fetching the certificate over
 * HTTPS from a PayPal host only (see isTrustedPayPalCertUrl). Replays are the caller's to drop, by
 * event id. Never throws.
 */
export function verifyPayPalWebhookOffline(input: VerifyPayPalWebhookOfflineInput): boolean {
  try {
    const transmission = payPalTransmission(input.headers)
    if (transmission === undefined || transmission.authAlgo !== PAYPAL_AUTH_ALGO) return false
    if (typeof input.webhookId !== 'string' || input.webhookId === '') return false
    const signature = strictBase64(transmission.transmissionSig)
    if (signature === undefined) return false
    const message = payPalSignedMessage(transmission.transmissionId, transmission.transmissionTime, input.webhookId, input.rawBody)
    return verify('sha256', Buffer.from(message, 'utf8'), certificatePublicKey(input.certificatePem), signature)
  }
  catch {
    return false
  }
}

/** Signs a delivery as PayPal does; the fake server's half of verifyPayPalWebhookOffline. */
export function signPayPalWebhook(privateKey: KeyObject, transmissionId: string, transmissionTime: string, webhookId: string, rawBody: string | Uint8Array): string {
  return createSign('sha256').update(payPalSignedMessage(transmissionId, transmissionTime, webhookId, rawBody), 'utf8').sign(privateKey, 'base64')
}

function certificatePublicKey(pem: string): KeyObject {
  // A certificate, as PayPal serves; a bare public key PEM is accepted too.
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem)
}

/** Buffer.from() skips characters it does not know, which would let garbage through. */
function strictBase64(value: string): Buffer | undefined {
  if (!/^[A-Z0-9+/]+={0,2}$/i.test(value) || value.length % 4 !== 0) return undefined
  return Buffer.from(value, 'base64')
}
