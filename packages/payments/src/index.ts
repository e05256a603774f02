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
export * from './schemas'
export { deliveryFromPayPal, deliveryFromRedsys, deliveryFromStripe } from './provider-deliveries'
