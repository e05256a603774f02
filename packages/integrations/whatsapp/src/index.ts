export { isWithinCustomerServiceWindow, WHATSAPP_WINDOW_MS } from './customer-service-window'
export { isStatusUpgrade, STATUS_RANK, type WhatsAppDeliveryStatus } from './message-status'
export { parseWhatsAppWebhook, type WhatsAppInbound, WhatsAppPayloadError, type WhatsAppStatus, type WhatsAppWebhookItem } from './parse-webhook'
export {
  sendWhatsAppTemplate,
  type SendWhatsAppTemplateInput,
  sendWhatsAppText,
  type SendWhatsAppTextInput,
  type WhatsAppConfig,
  WHATSAPP_DEFAULT_API_URL,
  WHATSAPP_DEFAULT_API_VERSION,
  WHATSAPP_MAX_TEXT_LENGTH,
} from './send-message'
export { signWhatsAppWebhook, verifyWhatsAppSignature, type VerifyWhatsAppSignatureInput } from './webhook-signature'
export { answerWhatsAppVerification, type WhatsAppVerificationAnswer } from './webhook-verification'
export { WHATSAPP_OUTSIDE_WINDOW_CODE, WhatsAppSendError } from './whatsapp-send-error'
