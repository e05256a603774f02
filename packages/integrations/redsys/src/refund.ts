import { type RedsysParams, signRedsysRequest, verifyRedsysNotification } from './signature'
import { redsysResponseOutcome } from './response-outcome'

/** Redsys' transaction type for a refund (devolución) of an earlier authorised payment. */
const REFUND_TRANSACTION_TYPE = '3'
const REST_PATH = '/sis/rest/trataPeticionREST'
const DEFAULT_TIMEOUT_MS = 30_000

export interface RedsysRefundRequest {
  /** Origin of the Redsys host, e.g. 'https://sis-t.redsys.es:25443' or the fake server's url. */
  baseUrl: string
  merchantKeyBase64: string
  merchantCode: string
  terminal: string
  /** The order number of the original, authorised payment. */
  order: string
  /** Amount to refund, in minor units (cents); may be less than the payment. */
  amountMinor: number
  /** ISO 4217 numeric code, see REDSYS_CURRENCY. */
  currencyNumeric: string
  timeoutMs?: number
}

/**
 * `ok` is true only for Ds_Response 0900 (refund authorised); any other signed answer (such as
 * 0950, "refund not possible") is `ok: false` with its code. Redsys refuses some requests outright
 * with `{"errorCode":"SIS0xxx"}` and no signature: that is `ok: false` with `errorCode`.
 */
export type RedsysRefundResult
  = | { ok: boolean, response: string, params: RedsysParams, errorCode?: undefined }
    | { ok: false, errorCode: string, response?: undefined, params?: undefined }

/**
 * Refunds (part of) an authorised payment through Redsys' REST API. The answer's signature is
 * checked like a notification's; one that does not verify, or that is for another order, throws,
 * because a refund we cannot prove happened must not be booked either way.
 */
export async function redsysRefund(request: RedsysRefundRequest): Promise<RedsysRefundResult> {
  const { baseUrl, merchantKeyBase64, merchantCode, terminal, order, amountMinor, currencyNumeric } = request
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new RangeError('redsysRefund needs a positive whole amountMinor')
  }
  const signed = signRedsysRequest(merchantKeyBase64, {
    DS_MERCHANT_AMOUNT: String(amountMinor),
    DS_MERCHANT_ORDER: order,
    DS_MERCHANT_MERCHANTCODE: merchantCode,
    DS_MERCHANT_CURRENCY: currencyNumeric,
    DS_MERCHANT_TRANSACTIONTYPE: REFUND_TRANSACTION_TYPE,
    DS_MERCHANT_TERMINAL: terminal,
  })
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}${REST_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept': 'application/json' },
    body: JSON.stringify(signed),
    signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  })
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  }
  catch {
    throw new Error(`Redsys refund for order ${order}: HTTP ${response.status} with a body that is not JSON`)
  }
  if (typeof body === 'object' && body !== null && typeof (body as { errorCode?: unknown }).errorCode === 'string') {
    return { ok: false, errorCode: (body as { errorCode: string }).errorCode }
  }
  if (!response.ok) throw new Error(`Redsys refund for order ${order}: HTTP ${response.status}`)
  const verification = verifyRedsysNotification(merchantKeyBase64, body as Record<string, unknown>)
  if (!verification.valid) {
    throw new Error(`Redsys refund for order ${order}: the response signature did not verify`)
  }
  const { params } = verification
  if ((params.Ds_Order ?? params.DS_ORDER) !== order) {
    throw new Error(`Redsys refund for order ${order}: the signed response is for another order`)
  }
  const code = typeof params.Ds_Response === 'string' ? params.Ds_Response : ''
  return { ok: redsysResponseOutcome(code) === 'refunded', response: code, params }
}
