import { parsePayPalAmount } from './amount'

export type PaymentEventKind = 'approved' | 'paid' | 'failed' | 'refunded' | 'dispute_opened' | 'dispute_closed' | 'ignored'

/**
 * A PayPal webhook event in provider-neutral terms: ids, amounts and statuses only. Payer names,
 * e-mails, addresses and dispute messages are never copied out (P19).
 */
export interface PaymentEvent {
  kind: PaymentEventKind
  /** PayPal's event id (WH-…): dedupe deliveries on it so each event is applied once. */
  eventId?: string
  eventType?: string
  /** Our payment id, from `custom_id`. */
  paymentId?: string
  orderId?: string
  captureId?: string
  refundId?: string
  disputeId?: string
  /** The order's, capture's or disputed amount, in minor units. */
  amountMinor?: number
  currency?: string
  /** This refund's amount, in minor units. */
  refundedMinor?: number
  /** For refunds: the total refunded from the capture so far, when PayPal says. */
  totalRefundedMinor?: number
  /** For dispute_closed: PayPal's outcome_code, e.g. RESOLVED_BUYER_FAVOUR or RESOLVED_SELLER_FAVOUR. */
  disputeOutcome?: string
  /** The resource's own status (COMPLETED, DENIED, RESOLVED …). */
  status?: string
}

type Json = Record<string, unknown>

/**
 * Maps a parsed, already verified webhook event. Event types we do not act on (including
 * PAYMENT.CAPTURE.PENDING and .REVERSED for now) are `ignored`; a malformed event is `ignored`
 * too. Never throws.
 */
export function paymentFromPayPalEvent(event: unknown): PaymentEvent {
  if (!isObject(event)) return { kind: 'ignored' }
  const eventType = text(event.event_type)
  const envelope = { eventId: text(event.id), eventType }
  const resource = isObject(event.resource) ? event.resource : undefined
  if (resource === undefined) return { kind: 'ignored', ...envelope }
  switch (eventType) {
    case 'CHECKOUT.ORDER.APPROVED':
      return { kind: 'approved', ...envelope, ...fromOrder(resource) }
    case 'PAYMENT.CAPTURE.COMPLETED':
      return { kind: 'paid', ...envelope, ...fromCapture(resource) }
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.DECLINED':
      return { kind: 'failed', ...envelope, ...fromCapture(resource) }
    case 'PAYMENT.CAPTURE.REFUNDED':
      return { kind: 'refunded', ...envelope, ...fromRefund(resource) }
    case 'CUSTOMER.DISPUTE.CREATED':
      return { kind: 'dispute_opened', ...envelope, ...fromDispute(resource) }
    case 'CUSTOMER.DISPUTE.RESOLVED':
      return { kind: 'dispute_closed', ...envelope, ...fromDispute(resource) }
    default:
      return { kind: 'ignored', ...envelope }
  }
}

function fromOrder(order: Json): Partial<PaymentEvent> {
  const unit = firstObject(order.purchase_units)
  return compact({
    orderId: text(order.id),
    paymentId: text(unit?.custom_id),
    status: text(order.status),
    ...money(unit?.amount, 'amountMinor'),
  })
}

function fromCapture(capture: Json): Partial<PaymentEvent> {
  return compact({
    captureId: text(capture.id),
    orderId: text(path(capture, 'supplementary_data', 'related_ids', 'order_id')),
    paymentId: text(capture.custom_id),
    status: text(capture.status),
    ...money(capture.amount, 'amountMinor'),
  })
}

function fromRefund(refund: Json): Partial<PaymentEvent> {
  const captureLink = Array.isArray(refund.links)
    ? refund.links.find(link => isObject(link) && link.rel === 'up' && typeof link.href === 'string' && /\/captures\/[^/]+$/.test(link.href))
    : undefined
  const total = money(path(refund, 'seller_payable_breakdown', 'total_refunded_amount'), 'totalRefundedMinor')
  return compact({
    refundId: text(refund.id),
    captureId: isObject(captureLink) ? text((captureLink.href as string).split('/').pop()) : undefined,
    orderId: text(path(refund, 'supplementary_data', 'related_ids', 'order_id')),
    paymentId: text(refund.custom_id),
    status: text(refund.status),
    ...money(refund.amount, 'refundedMinor'),
    totalRefundedMinor: total.totalRefundedMinor,
  })
}

function fromDispute(dispute: Json): Partial<PaymentEvent> {
  const transaction = firstObject(dispute.disputed_transactions)
  return compact({
    disputeId: text(dispute.dispute_id),
    captureId: text(transaction?.seller_transaction_id),
    paymentId: text(transaction?.custom),
    status: text(dispute.status),
    disputeOutcome: text(path(dispute, 'dispute_outcome', 'outcome_code')),
    ...money(dispute.dispute_amount, 'amountMinor'),
  })
}

function money(value: unknown, field: 'amountMinor' | 'refundedMinor' | 'totalRefundedMinor'): Partial<PaymentEvent> {
  if (!isObject(value)) return {}
  const currency = text(value.currency_code)
  const minor = parsePayPalAmount(value.value, currency)
  return minor === undefined ? {} : { [field]: minor, currency }
}

function path(value: unknown, ...keys: string[]): unknown {
  let current = value
  for (const key of keys) {
    if (!isObject(current)) return undefined
    current = current[key]
  }
  return current
}

function firstObject(value: unknown): Json | undefined {
  return Array.isArray(value) && isObject(value[0]) ? value[0] : undefined
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Ids and statuses are short tokens; anything else (or too long) is dropped. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= 256 ? value : undefined
}

function compact(fields: Partial<PaymentEvent>): Partial<PaymentEvent> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<PaymentEvent>
}
