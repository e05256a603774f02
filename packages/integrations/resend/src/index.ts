export { extractReplyText } from './extract-reply-text'
export { fetchReceivedEmail, RESEND_DEFAULT_BASE_URL, type ReceivedEmail, type ResendApiOptions } from './fetch-received-email'
export { type ParsedAddress, parseAddress } from './parse-address'
export { ResendApiError } from './resend-api-error'
export {
  parseResendEvent,
  RESEND_DELIVERY_EVENT_TYPES,
  type ResendDeliveryEvent,
  type ResendDeliveryEventType,
  type ResendEmailReceivedEvent,
  type ResendEvent,
  type ResendOtherEvent,
  type ResendReceivedAttachment,
} from './resend-event'
export { ResendWebhookError, type ResendWebhookRejection } from './resend-webhook-error'
export {
  RESEND_WEBHOOK_TOLERANCE_SECONDS,
  signResendWebhook,
  type ResendWebhookHeaders,
  type VerifiedResendEvent,
  verifyResendWebhook,
  type VerifyResendWebhookInput,
} from './verify-resend-webhook'
