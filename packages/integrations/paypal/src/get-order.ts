import { type Client, type Order, OrdersController } from '@paypal/paypal-server-sdk'
import { parsePayPalAmount } from './amount'
import { callPayPal } from './paypal-api-error'

export interface PayPalCaptureSummary {
  captureId: string
  /** COMPLETED, PENDING, DECLINED, PARTIALLY_REFUNDED, REFUNDED or FAILED. */
  status: string
  amountMinor: number | undefined
  currency: string | undefined
}

/** An order as reconciliation needs it: ids, amounts and statuses only, no payer data. */
export interface PayPalOrderSummary {
  orderId: string
  /** CREATED, SAVED, APPROVED, VOIDED, COMPLETED or PAYER_ACTION_REQUIRED. */
  status: string
  /** Our payment id (`custom_id`). */
  paymentId: string | undefined
  /** Our booking id (`reference_id`). */
  bookingId: string | undefined
  amountMinor: number | undefined
  currency: string | undefined
  /** COMPLETED does not prove money moved: look at these statuses. */
  captures: PayPalCaptureSummary[]
}

/**
 * Reads an order, for reconciliation of payments whose webhook never came: APPROVED means the
 * buyer approved and we still have to capture; a COMPLETED capture means we were paid.
 */
export async function getPayPalOrder(client: Client, orderId: string): Promise<PayPalOrderSummary> {
  const orders = new OrdersController(client)
  const { result } = await callPayPal('getOrder', () => orders.getOrder({ id: orderId }))
  return summarizePayPalOrder(result, orderId)
}

export function summarizePayPalOrder(order: Order, fallbackOrderId: string): PayPalOrderSummary {
  const unit = order.purchaseUnits?.[0]
  const currency = unit?.amount?.currencyCode
  return {
    orderId: order.id ?? fallbackOrderId,
    status: order.status ?? 'UNKNOWN',
    paymentId: unit?.customId,
    bookingId: unit?.referenceId,
    amountMinor: parsePayPalAmount(unit?.amount?.value, currency),
    currency,
    captures: (unit?.payments?.captures ?? []).flatMap(capture => capture.id === undefined
      ? []
      : [{
          captureId: capture.id,
          status: capture.status ?? 'UNKNOWN',
          amountMinor: parsePayPalAmount(capture.amount?.value, capture.amount?.currencyCode),
          currency: capture.amount?.currencyCode,
        }]),
  }
}
