export { createTwilioClient } from './client'
export { checkTwilioConfig, TWILIO_API_URL, type TwilioConfig } from './config'
export { TWILIO_INVALID_TO_CODE, TWILIO_OPTED_OUT_CODE, TwilioPayloadError, TwilioSendError } from './errors'
export { parseTwilioForm } from './form-fields'
export { parseTwilioInbound, TWIML_EMPTY, type TwilioInboundMedia, type TwilioInboundSms } from './inbound'
export {
  TWILIO_HELP_KEYWORDS,
  TWILIO_START_KEYWORDS,
  TWILIO_STOP_KEYWORDS,
  type TwilioKeyword,
  twilioKeywordOf,
} from './keywords'
export { sendSms, type SentSms, type SmsMessage, TWILIO_MAX_BODY_LENGTH } from './send-sms'
export {
  signTwilioRequest,
  TWILIO_SIGNATURE_HEADER,
  type TwilioFormParams,
  type TwilioSignatureInput,
  verifyTwilioSignature,
} from './signature'
export {
  parseTwilioStatus,
  TWILIO_FINAL_STATUSES,
  TWILIO_MESSAGE_STATUSES,
  type TwilioStatusUpdate,
} from './status'
