export {
  checkStripeKey,
  clampCheckoutExpiry,
  createStripeCheckout,
  findStripeCheckout,
  STRIPE_CHECKOUT_MAX_LIFETIME_SECONDS,
  STRIPE_CHECKOUT_MIN_LIFETIME_SECONDS,
  type StripeCheckout,
  type StripeCheckoutRequest,
  type StripeCheckoutState,
} from './checkout'
export { createStripeClient, STRIPE_API_VERSION, type StripeClientOptions } from './client'
export { redactStripeSecrets, StripeRequestError } from './errors'
export { paymentFromStripeEvent, type StripePaymentEvent, type StripePaymentEventKind } from './payment-event'
export { refundStripePayment, type StripeRefund, type StripeRefundRequest } from './refund'
export {
  signStripeWebhook,
  STRIPE_WEBHOOK_TOLERANCE_SECONDS,
  type StripeWebhookRejection,
  type StripeWebhookVerification,
  type StripeWebhookVerifyOptions,
  verifyStripeWebhook,
  type VerifiedStripeEvent,
} from './webhook'
