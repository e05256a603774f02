/** Incoming headers as Node gives them (lower-case keys) or as a fetch Headers object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

/** The five headers PayPal signs a webhook delivery with. */
export interface PayPalTransmission {
  transmissionId: string
  transmissionTime: string
  transmissionSig: string
  certUrl: string
  authAlgo: string
}

/** One header by its lower-case name; a repeated header counts as missing. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined
  const record = headers as Record<string, string | string[] | undefined>
  const direct = record[name]
  const value = direct ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1]
  return typeof value === 'string' ? value : undefined
}

/** The PayPal transmission headers, or undefined when any is missing or empty. */
export function payPalTransmission(headers: WebhookHeaders): PayPalTransmission | undefined {
  const transmissionId = headerValue(headers, 'paypal-transmission-id')
  const transmissionTime = headerValue(headers, 'paypal-transmission-time')
  const transmissionSig = headerValue(headers, 'paypal-transmission-sig')
  const certUrl = headerValue(headers, 'paypal-cert-url')
  const authAlgo = headerValue(headers, 'paypal-auth-algo')
  if (!transmissionId || !transmissionTime || !transmissionSig || !certUrl || !authAlgo) return undefined
  return { transmissionId, transmissionTime, transmissionSig, certUrl, authAlgo }
}

/** A raw body as bytes, whatever form it came in. */
export function rawBodyBytes(rawBody: string | Uint8Array): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength)
}
