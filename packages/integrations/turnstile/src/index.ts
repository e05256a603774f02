export {
  TURNSTILE_DUMMY_TOKEN,
  TURNSTILE_MAX_TOKEN_LENGTH,
  TURNSTILE_SCRIPT_URL,
  TURNSTILE_TEST_KEYS,
  TURNSTILE_TOKEN_LIFETIME_MS,
  TURNSTILE_VERIFY_URL,
  turnstileFieldName,
} from './constants'
export {
  type TurnstileFailureReason,
  type TurnstileVerification,
  verifyTurnstileToken,
  type VerifyTurnstileTokenOptions,
} from './verify-turnstile-token'
