import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto'

/** The only signature scheme implemented; HMAC_SHA512_V2 is not supported yet. */
export const REDSYS_SIGNATURE_VERSION = 'HMAC_SHA256_V1'

/** Redsys' 3DES merchant keys are always 24 bytes (base64 of 32 characters). */
const MERCHANT_KEY_BYTES = 24
const DES_BLOCK_BYTES = 8

/** The three fields every signed Redsys message carries, whatever its direction. */
export interface RedsysSignedMessage {
  Ds_SignatureVersion: typeof REDSYS_SIGNATURE_VERSION
  Ds_MerchantParameters: string
  Ds_Signature: string
}

/** Decoded Ds_MerchantParameters. Values are normally strings, but it is parsed JSON from outside. */
export type RedsysParams = Record<string, unknown>

/** What arrives from a form or JSON body: nothing in it can be trusted to be a string yet. */
export type RedsysSignedMessageInput = Partial<Record<keyof RedsysSignedMessage, unknown>> | null | undefined

export type RedsysVerification = { valid: true, params: RedsysParams } | { valid: false }

/**
 * The per-order signing key: the order number, zero-padded to whole 8-byte blocks, encrypted with
 * 3DES-CBC (zero IV, no padding) under the merchant key. The whole ciphertext is the key, so a
 * 10-character order gives a 16-byte key. Throws on a key that is not 24 bytes or an empty order;
 * the messages never include the key.
 */
export function deriveRedsysKey(merchantKeyBase64: string, order: string): Buffer {
  const merchantKey = Buffer.from(merchantKeyBase64, 'base64')
  if (merchantKey.length !== MERCHANT_KEY_BYTES) {
    throw new RangeError(`Redsys merchant key must decode to ${MERCHANT_KEY_BYTES} bytes`)
  }
  const orderBytes = Buffer.from(order, 'utf8')
  if (orderBytes.length === 0) throw new RangeError('Redsys order number must not be empty')
  const padded = Buffer.alloc(Math.ceil(orderBytes.length / DES_BLOCK_BYTES) * DES_BLOCK_BYTES)
  orderBytes.copy(padded)
  const cipher = createCipheriv('des-ede3-cbc', merchantKey, Buffer.alloc(DES_BLOCK_BYTES))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(padded), cipher.final()])
}

/**
 * Signs already-encoded parameters for `order`. Shared by requests (standard base64, as Redsys'
 * own examples) and by the fake server's notifications (base64url, as Redsys sends them).
 */
export function signRedsysParams(
  merchantKeyBase64: string,
  params: RedsysParams,
  order: string,
  encoding: 'base64' | 'base64url' = 'base64',
): RedsysSignedMessage {
  const merchantParameters = Buffer.from(JSON.stringify(params), 'utf8').toString(encoding)
  const signature = createHmac('sha256', deriveRedsysKey(merchantKeyBase64, order))
    .update(merchantParameters, 'utf8')
    .digest(encoding)
  return {
    Ds_SignatureVersion: REDSYS_SIGNATURE_VERSION,
    Ds_MerchantParameters: merchantParameters,
    Ds_Signature: signature,
  }
}

/**
 * Signs a merchant request (redirect form or REST body). The order number comes from
 * DS_MERCHANT_ORDER or its CamelCase spelling Ds_Merchant_Order, both of which Redsys accepts.
 */
export function signRedsysRequest(merchantKeyBase64: string, params: Record<string, string>): RedsysSignedMessage {
  const order = requestOrder(params)
  if (order === undefined) {
    throw new Error('signRedsysRequest needs a non-empty DS_MERCHANT_ORDER (or Ds_Merchant_Order) parameter')
  }
  return signRedsysParams(merchantKeyBase64, params, order)
}

/**
 * Verifies a notification (or REST response) from Redsys; the order for the key is the decoded
 * Ds_Order (or DS_ORDER). Never throws: anything malformed is simply `{ valid: false }`.
 */
export function verifyRedsysNotification(merchantKeyBase64: string, message: RedsysSignedMessageInput): RedsysVerification {
  return verifySignedMessage(merchantKeyBase64, message, notificationOrder)
}

/**
 * Verifies a merchant request as Redsys would (order from DS_MERCHANT_ORDER); used by the fake
 * server. Never throws.
 */
export function verifyRedsysRequest(merchantKeyBase64: string, message: RedsysSignedMessageInput): RedsysVerification {
  return verifySignedMessage(merchantKeyBase64, message, requestOrder)
}

/** Decodes Ds_MerchantParameters (base64 or base64url) to a JSON object, or undefined. */
export function decodeRedsysParams(merchantParameters: string): RedsysParams | undefined {
  const bytes = decodeEitherBase64(merchantParameters)
  if (bytes === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  }
  catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  return parsed as RedsysParams
}

function verifySignedMessage(
  merchantKeyBase64: string,
  message: RedsysSignedMessageInput,
  orderOf: (params: RedsysParams) => string | undefined,
): RedsysVerification {
  try {
    if (typeof merchantKeyBase64 !== 'string' || typeof message !== 'object' || message === null) return { valid: false }
    const { Ds_SignatureVersion: version, Ds_MerchantParameters: merchantParameters, Ds_Signature: signature } = message
    if (version !== REDSYS_SIGNATURE_VERSION) return { valid: false }
    if (typeof merchantParameters !== 'string' || typeof signature !== 'string' || signature === '') return { valid: false }
    const params = decodeRedsysParams(merchantParameters)
    if (params === undefined) return { valid: false }
    const order = orderOf(params)
    if (order === undefined) return { valid: false }
    // The HMAC covers the parameters exactly as they were sent, base64url or not.
    const expected = createHmac('sha256', deriveRedsysKey(merchantKeyBase64, order))
      .update(merchantParameters, 'utf8')
      .digest('base64url')
    const received = Buffer.from(toUnpaddedBase64url(signature), 'utf8')
    const wanted = Buffer.from(expected, 'utf8')
    if (received.length !== wanted.length || !timingSafeEqual(received, wanted)) return { valid: false }
    return { valid: true, params }
  }
  catch {
    // deriveRedsysKey throws on a key that is not 24 bytes: that is "not valid", not a crash.
    return { valid: false }
  }
}

function requestOrder(params: RedsysParams): string | undefined {
  return nonEmptyString(params.DS_MERCHANT_ORDER) ?? nonEmptyString(params.Ds_Merchant_Order)
}

function notificationOrder(params: RedsysParams): string | undefined {
  return nonEmptyString(params.Ds_Order) ?? nonEmptyString(params.DS_ORDER)
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function toUnpaddedBase64url(value: string): string {
  return value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Strict decode: Buffer.from() silently skips bad characters, which would hide garbage. */
function decodeEitherBase64(value: string): Buffer | undefined {
  if (value === '' || !/^[\w+/-]+={0,2}$/.test(value)) return undefined
  const unpadded = toUnpaddedBase64url(value)
  if (unpadded.length % 4 === 1) return undefined
  return Buffer.from(unpadded, 'base64url')
}
