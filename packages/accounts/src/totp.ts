import { generate, generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'

// Product settings: what authenticator apps (Google Authenticator, 1Password, Authy…) expect.
const PRODUCT_TOTP = { algorithm: 'sha1', digits: 6, period: 30 } as const
// ±1 step of clock drift: otplib's tolerance is in seconds, so one period each way
// checks exactly steps current-1, current and current+1.
const DRIFT_TOLERANCE_SECONDS = PRODUCT_TOTP.period
const SECRET_BYTES = 20 // 160 bits, RFC 4226's recommended HMAC-SHA1 key length

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512'

export type VerifyTotpResult
  = | { ok: true, step: number }
    | { ok: false, reason: 'invalid' | 'replayed' | 'malformed' }

/** A fresh random TOTP secret: 20 bytes (160 bits), base32-encoded (32 characters). */
export function generateTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES })
}

/** The otpauth:// key URI an authenticator app scans during enrolment. */
export function totpKeyUri({ secret, accountName, issuer = 'Flectar Base' }: {
  secret: string
  accountName: string
  issuer?: string
}): string {
  return generateURI({ strategy: 'totp', issuer, label: accountName, secret, ...PRODUCT_TOTP })
}

/** The key URI rendered as an SVG QR code (a string starting with `<svg`). */
export async function totpQrCodeSvg(uri: string): Promise<string> {
  return await QRCode.toString(uri, { type: 'svg' })
}

/** The time step (RFC 6238 counter, T0 = 0, 30 s) that contains `nowMs`. */
export function totpStepAt(nowMs: number): number {
  return Math.floor(Math.floor(nowMs / 1000) / PRODUCT_TOTP.period)
}

/**
 * Low-level RFC 6238 TOTP with explicit parameters (used to check the published vectors).
 * `secret` is either raw key bytes or a base32 string.
 */
export async function computeTotp({ secret, timeSeconds, digits, algorithm, step = 30 }: {
  secret: Uint8Array | string
  timeSeconds: number
  digits: number
  algorithm: TotpAlgorithm
  step?: number
}): Promise<string> {
  return await generate({ strategy: 'totp', secret, epoch: timeSeconds, t0: 0, period: step, digits, algorithm })
}

/** The product code (6 digits, SHA-1, 30 s) for `secret` at `now` (ms). For tests and enrolment e2e. */
export async function generateTotpCode({ secret, now = Date.now() }: {
  secret: string
  now?: number
}): Promise<string> {
  return await generate({ strategy: 'totp', secret, epoch: Math.floor(now / 1000), ...PRODUCT_TOTP })
}

/**
 * Checks a code typed by the user. Accepts the current step and ±1 step of drift, and each
 * code only once: pass the last accepted step for this user (`lastStep`, null if none) and,
 * on success, store the returned `step` as the new `lastStep`. Any code whose matching step is
 * <= `lastStep` is `replayed` — including an older, still-in-window code after a newer one
 * was accepted. Non-6-digit input (after removing spaces) is `malformed` and never reaches
 * the library. A malformed stored `secret` or `lastStep` throws: that is a server-side bug.
 */
export async function verifyTotp({ secret, code, lastStep = null, now = Date.now() }: {
  secret: string
  code: string
  lastStep?: number | null
  now?: number
}): Promise<VerifyTotpResult> {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'malformed' }
  if (lastStep !== null && !(Number.isSafeInteger(lastStep) && lastStep >= 0)) {
    throw new RangeError(`lastStep must be a non-negative integer time step, got ${lastStep}`)
  }

  const options = {
    strategy: 'totp',
    secret,
    token,
    epoch: Math.floor(now / 1000),
    epochTolerance: DRIFT_TOLERANCE_SECONDS,
    ...PRODUCT_TOTP,
  } as const

  if (lastStep === null) {
    const result = await verify(options)
    return matchedStep(result) ?? { ok: false, reason: 'invalid' }
  }

  // otplib skips steps <= afterTimeStep while scanning the window, so a code that happens to
  // match both an old (used) step and a newer one still gets accepted for the newer one.
  // otplib throws if afterTimeStep is beyond the window's last step; clamping there keeps the
  // meaning (every step in the window is already used).
  const afterTimeStep = Math.min(lastStep, totpStepAt(now) + 1)
  const fresh = await verify({ ...options, afterTimeStep })
  const accepted = matchedStep(fresh)
  if (accepted) return accepted

  // Not valid at any unused step: tell a replay apart from a wrong code.
  const any = await verify(options)
  return { ok: false, reason: any.valid ? 'replayed' : 'invalid' }
}

function matchedStep(result: Awaited<ReturnType<typeof verify>>): { ok: true, step: number } | undefined {
  if (!result.valid) return undefined
  // Only the HOTP strategy's result lacks timeStep; we always verify as TOTP.
  if (!('timeStep' in result)) throw new Error('otplib returned a TOTP result without timeStep')
  return { ok: true, step: result.timeStep }
}
