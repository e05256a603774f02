// Compared after lowercasing and dropping `_`, `-`, `.` and spaces, so `client_secret`,
// `client-secret` and `clientSecret` are one name.
const EXACT = new Set([
  'pwd', 'pass', 'passwordconfirmation', 'passwordconfirm', 'credentials', 'secrets',
  'authorization', 'proxyauthorization', 'cookie', 'setcookie',
  'xhubsignature', 'xhubsignature256', 'stripesignature',
  'otp', 'totp', 'otpcode', 'totpcode', 'mfacode', 'twofactorcode', 'recoverycode', 'recoverycodes', 'backupcode', 'backupcodes',
  'cardnumber', 'pan', 'cvc', 'cvv', 'cvv2', 'cardcvc', 'cardcvv',
])

// Any name ending like this: `newPassword`, `webhook_secret`, `refreshToken`, `x-api-key`…
const SUFFIXES = [
  'password', 'passwd', 'passphrase', 'secret', 'token',
  'apikey', 'privatekey', 'encryptionkey', 'secretkey', 'signingkey', 'accesskey',
]

// `code` alone is too common (country, error, discount codes) to hide unless it looks like a 2FA code.
const OTP_LIKE = /^\d{6,8}$/

/** Whether the value stored under `key` should never be logged. */
export function isSensitiveKey(key: string, value?: unknown): boolean {
  const name = key.toLowerCase().replace(/[\s_.-]/g, '')
  if (EXACT.has(name) || SUFFIXES.some(suffix => name.endsWith(suffix))) return true
  if (name === 'code') return (typeof value === 'string' || typeof value === 'number') && OTP_LIKE.test(String(value).trim())
  return false
}
