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
export {
  applyEventToPayment,
  applyWebhookDelivery,
  pendingWebhookDeliveries,
  recordWebhookDelivery,
  type InboxOutcome,
  type PaymentChangeSource,
  type PaymentHooks,
  type PaymentProvider,
  type WebhookDelivery,
} from './webhook-inbox'
export {
  listProviderSettings,
  loadProviderCredentials,
  saveProviderSettings,
  type ProviderCredentials,
  type ProviderSettingsView,
} from './provider-settings'
export { stripeClientFor } from './provider-clients'
export * from './schemas'
export { deliveryFromPayPal, deliveryFromRedsys, deliveryFromStripe } from './provider-deliveries'
export {
  offeredPaymentProviders,
  PaymentStartError,
  requireOfferedProvider,
  startBookingPayment,
  webhookUrl,
  type BookingPaymentProvider,
  type CheckoutUrls,
  type PayableBooking,
  type PaymentRedirect,
  type ProviderEndpoints,
  type StartedPayment,
} from './checkout'
export { requestRefund, sendRequestedRefunds, type RefundRequest, type RefundRow, type SendRefundsOptions } from './refunds'
export { drainWebhookInbox, expireOverduePayments, runPaymentWork, type PaymentWorkResult } from './payment-work'
export { bookingPaymentStatus, captureReturnedPayPalOrder, type BookingPaymentStatus } from './booking-payment-status'
export { markPaidAtVenue, refundPayment } from './owner-actions'
export { reconcilePendingPayments, type ReconcileOptions } from './reconcile'
export { testProviderConnection, type ConnectionTest } from './test-connection'
export { getPaymentTimeline, listPayments, listPaymentsQuerySchema, type ListPaymentsQuery, type PaymentListItem, type PaymentTimeline, type PaymentTimelineEntry } from './payment-listing'
