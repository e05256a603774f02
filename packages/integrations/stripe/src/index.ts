export {
  cancelStripeSubscription,
  createStripePortalSession,
  createStripeSubscriptionCheckout,
  retrieveStripeSubscription,
  subscriptionOfEvent,
  type StripeBillingInterval,
  type StripeCancelSubscriptionOptions,
  type StripePortalSessionRequest,
  type StripeRecurringPriceData,
  type StripeSubscriptionCheckout,
  type StripeSubscriptionCheckoutRequest,
} from './billing'
export {
  checkStripeKey,
  clampCheckoutExpiry,
  createStripeCheckout,
  expireStripeCheckout,
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
  subscriptionFromStripeEvent,
  type StripeSubscriptionEvent,
  type StripeSubscriptionEventKind,
  type StripeSubscriptionState,
  subscriptionStateFrom,
} from './subscription-event'
export {
  signStripeWebhook,
  STRIPE_WEBHOOK_TOLERANCE_SECONDS,
  type StripeWebhookRejection,
  type StripeWebhookVerification,
  type StripeWebhookVerifyOptions,
  verifyStripeWebhook,
  type VerifiedStripeEvent,
} from './webhook'
