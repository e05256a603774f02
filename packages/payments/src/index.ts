export {
  applyPaymentEvent,
  isRefundable,
  newPayment,
  PAYMENT_STATUSES,
  type PaidContext,
  type PaymentEffect,
  type PaymentEvent,
  type PaymentState,
  type PaymentStatus,
  type PaymentTransition,
  type RefundReason,
} from './payment-lifecycle'
