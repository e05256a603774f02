import { type Client, PaymentsController } from '@paypal/paypal-server-sdk'
import { formatPayPalAmount, parsePayPalAmount } from './amount'
import { callPayPal, PayPalApiError } from './paypal-api-error'

/** PayPal's limit for note_to_payer. */
const MAX_NOTE_LENGTH = 255

export interface RefundPayPalCaptureRequest {
  captureId: string
  /** Minor units to refund; leave out for a full refund of what is left (an empty body to PayPal). */
  amountMinor?: number
  /** The capture's currency. */
  currency: string
  /** PayPal-Request-Id: a repeat returns the first refund instead of refunding twice. */
  requestId: string
  /** Shown to the buyer; cut to 255 characters. */
  note?: string
}

export interface PayPalRefundResult {
  refundId: string
  /** COMPLETED, PENDING, FAILED or CANCELLED. */
  status: string
  amountMinor: number | undefined
}

/**
 * Refunds a capture, fully or in part. More than what is left is refused by PayPal with a 422,
 * thrown as a PayPalApiError (the fake says REFUND_AMOUNT_EXCEEDED; PayPal's issue name for it is
 * UNVERIFIED, CAPTURE_FULLY_REFUNDED is documented for a capture with nothing left).
 */
export async function refundPayPalCapture(client: Client, request: RefundPayPalCaptureRequest): Promise<PayPalRefundResult> {
  const { amountMinor, currency, note } = request
  if (amountMinor !== undefined && amountMinor <= 0) throw new RangeError('refundPayPalCapture needs a positive amountMinor')
  const amount = amountMinor === undefined ? undefined : { currencyCode: currency, value: formatPayPalAmount(amountMinor, currency) }
  const noteToPayer = note === undefined ? undefined : Array.from(note).slice(0, MAX_NOTE_LENGTH).join('')
  const body = amount === undefined && noteToPayer === undefined ? undefined : { amount, noteToPayer }
  const payments = new PaymentsController(client)
  const { result } = await callPayPal('refundCapturedPayment', () => payments.refundCapturedPayment({
    captureId: request.captureId,
    paypalRequestId: request.requestId,
    prefer: 'return=representation',
    body,
  }))
  if (result.id === undefined) throw new PayPalApiError('refundCapturedPayment', { status: 201, paypalName: 'NO_REFUND_ID' })
  return {
    refundId: result.id,
    status: result.status ?? 'UNKNOWN',
    amountMinor: parsePayPalAmount(result.amount?.value, result.amount?.currencyCode),
  }
}
