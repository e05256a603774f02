import { type Client, OrdersController } from '@paypal/paypal-server-sdk'
import { getPayPalOrder, summarizePayPalOrder } from './get-order'
import { callPayPal, PayPalApiError, toPayPalApiError } from './paypal-api-error'

export interface CapturedPayPalOrder {
  /** The capture's status: COMPLETED means paid; PENDING means wait for PAYMENT.CAPTURE.COMPLETED. */
  status: string
  captureId: string
  amountMinor: number | undefined
  currency: string | undefined
  orderStatus: string
  /** True when PayPal said ORDER_ALREADY_CAPTURED and this is the existing capture. */
  alreadyCaptured: boolean
}

/**
 * Captures an approved order. A second capture of the same order (a retry after a lost answer
 * with a new request id, or a race with reconciliation) gets 422 ORDER_ALREADY_CAPTURED from
 * PayPal: that is success, answered with the existing capture read back from the order. The
 * issue name comes from third-party code, not PayPal's docs (UNVERIFIED). Before approval PayPal
 * answers 422 ORDER_NOT_APPROVED: that throws a PayPalApiError with that `issue`.
 */
export async function capturePayPalOrder(client: Client, orderId: string, requestId: string): Promise<CapturedPayPalOrder> {
  const orders = new OrdersController(client)
  try {
    const { result } = await callPayPal('captureOrder', () => orders.captureOrder({
      id: orderId,
      paypalRequestId: requestId,
      prefer: 'return=representation',
    }))
    return firstCapture(summarizePayPalOrder(result, orderId), false)
  }
  catch (error) {
    const mapped = toPayPalApiError('captureOrder', error)
    if (mapped.status !== 422 || mapped.issue !== 'ORDER_ALREADY_CAPTURED') throw mapped
    return firstCapture(await getPayPalOrder(client, orderId), true)
  }
}

function firstCapture(order: ReturnType<typeof summarizePayPalOrder>, alreadyCaptured: boolean): CapturedPayPalOrder {
  const capture = order.captures[0]
  if (capture === undefined) throw new PayPalApiError('captureOrder', { paypalName: 'NO_CAPTURE_IN_ORDER', status: 200 })
  return {
    status: capture.status,
    captureId: capture.captureId,
    amountMinor: capture.amountMinor,
    currency: capture.currency,
    orderStatus: order.status,
    alreadyCaptured,
  }
}
