import { z } from 'zod'
import { TURNSTILE_MAX_TOKEN_LENGTH, TURNSTILE_VERIFY_URL } from './constants'

export interface VerifyTurnstileTokenOptions {
  /** The widget's secret key. Never echoed in a result. */
  secret: string
  /** What the browser posted as `cf-turnstile-response`, as received (it may be absent). */
  token: string | null | undefined
  /** The visitor's IP, sent as `remoteip` (Cloudflare does not strictly validate it). */
  remoteIp?: string
  /** Defaults to Cloudflare's; the fake's `verifyUrl` in tests and local development. */
  verifyUrl?: string
  /** When set, a token solved on another hostname is refused (compared case-insensitively). */
  expectedHostname?: string
  /** When set, a token whose widget `action` differs is refused (exact match). */
  expectedAction?: string
  /** A UUID per submission: repeating a call with it is the only way to retry a token safely. */
  idempotencyKey?: string
  /** Budget for the whole call, body included. Default 5000. */
  timeoutMs?: number
}

export type TurnstileFailureReason = 'missing' | 'invalid' | 'expired_or_duplicate' | 'hostname_mismatch' | 'action_mismatch' | 'unavailable'

export type TurnstileVerification = { ok: true, hostname: string, action: string } | { ok: false, reason: TurnstileFailureReason, errorCodes: string[] }

const DEFAULT_TIMEOUT_MS = 5000
const MAX_ERROR_CODES = 10

// Cloudflare's documented answer; unknown fields (cdata, metadata) are dropped.
const siteverifyAnswer = z.object({
  'success': z.boolean(),
  'error-codes': z.array(z.unknown()).optional(),
  'hostname': z.string().optional(),
  'action': z.string().optional(),
})

/**
 * Checks a Turnstile token with siteverify (form-encoded POST). Never throws: every outcome is a
 * result, and 'unavailable' (Cloudflare unreachable, slow, broken, or our secret misconfigured)
 * leaves the caller to decide; our forms refuse with a retry message.
 */
export async function verifyTurnstileToken(options: VerifyTurnstileTokenOptions): Promise<TurnstileVerification> {
  const { secret, token } = options
  if (typeof token !== 'string' || token === '' || token.length > TURNSTILE_MAX_TOKEN_LENGTH) {
    return failure('missing', [])
  }
  if (typeof secret !== 'string' || secret === '') return failure('unavailable', ['missing-input-secret'])

  const form = new URLSearchParams({ secret, response: token })
  if (options.remoteIp !== undefined && options.remoteIp !== '') form.set('remoteip', options.remoteIp)
  if (options.idempotencyKey !== undefined && options.idempotencyKey !== '') form.set('idempotency_key', options.idempotencyKey)

  let status: number
  let text: string
  try {
    const response = await fetch(options.verifyUrl ?? TURNSTILE_VERIFY_URL, {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json' },
      // A 307/308 would re-send the secret to wherever it points.
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    })
    status = response.status
    text = await response.text()
  }
  catch {
    // Network, DNS, abort and URL errors alike; their messages are dropped on purpose.
    return failure('unavailable', [])
  }

  const answer = siteverifyAnswer.safeParse(parseJson(text))
  if (!answer.success) return failure('unavailable', [])
  const errorCodes = cleanErrorCodes(answer.data['error-codes'], secret)
  if (status >= 500) return failure('unavailable', errorCodes)
  if (!answer.data.success) return failure(reasonFor(errorCodes), errorCodes)
  // A "success" under a 4xx is not one we trust.
  if (status < 200 || status >= 300) return failure('unavailable', errorCodes)

  const hostname = answer.data.hostname ?? ''
  const action = answer.data.action ?? ''
  if (options.expectedHostname !== undefined && hostname.toLowerCase() !== options.expectedHostname.toLowerCase()) {
    return failure('hostname_mismatch', [])
  }
  if (options.expectedAction !== undefined && action !== options.expectedAction) return failure('action_mismatch', [])
  return { ok: true, hostname, action }
}

/** Cloudflare's error-codes, most telling first; our own misconfiguration counts as unavailable. */
function reasonFor(errorCodes: string[]): TurnstileFailureReason {
  const has = (code: string) => errorCodes.includes(code)
  if (has('internal-error') || has('missing-input-secret') || has('invalid-input-secret') || has('bad-request')) return 'unavailable'
  if (has('timeout-or-duplicate')) return 'expired_or_duplicate'
  if (has('missing-input-response')) return 'missing'
  return 'invalid'
}

/** Keeps only kebab-case codes (never the secret, even from a server that echoes it) for logs. */
function cleanErrorCodes(codes: unknown[] | undefined, secret: string): string[] {
  return (codes ?? [])
    .filter((code): code is string => typeof code === 'string' && /^[a-z]+(?:-[a-z]+){0,7}$/.test(code) && code.length <= 64 && code !== secret)
    .slice(0, MAX_ERROR_CODES)
}

function failure(reason: TurnstileFailureReason, errorCodes: string[]): TurnstileVerification {
  return { ok: false, reason, errorCodes }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    return undefined
  }
}
