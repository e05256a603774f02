export { REDSYS_CURRENCY, type RedsysCurrencyNumeric } from './currency'
export { REDSYS_ENDPOINTS, type RedsysEnvironment } from './endpoints'
export { isValidRedsysOrderNumber, redsysOrderNumber } from './order-number'
export { redsysRefund, type RedsysRefundRequest, type RedsysRefundResult } from './refund'
export { redsysResponseOutcome, type RedsysOutcome } from './response-outcome'
export {
  decodeRedsysParams,
  deriveRedsysKey,
  REDSYS_SIGNATURE_VERSION,
  type RedsysParams,
  type RedsysSignedMessage,
  type RedsysSignedMessageInput,
  type RedsysVerification,
  signRedsysRequest,
  verifyRedsysNotification,
} from './signature'
