import { createHash, timingSafeEqual } from 'node:crypto'

export type WhatsAppVerificationAnswer = { status: 200, body: string } | { status: 403, body: string }

/** Meta's challenges are digits; anything else is echoed only if it is short and plain. */
const CHALLENGE_PATTERN = /^[\w.-]{1,256}$/

/**
 * The GET handshake Meta makes when a webhook URL is configured: with `hub.mode=subscribe` and
 * our verify token, answer 200 with `hub.challenge` as the raw body; anything else is 403.
 * `query` is the parsed query string (repeated keys arrive as arrays and are refused).
 */
export function answerWhatsAppVerification(query: Record<string, unknown>, verifyToken: string): WhatsAppVerificationAnswer {
  const forbidden = { status: 403, body: 'Forbidden' } as const
  if (typeof query !== 'object' || query === null) return forbidden
  const mode = query['hub.mode']
  const token = query['hub.verify_token']
  const challenge = query['hub.challenge']
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return forbidden
  if (typeof verifyToken !== 'string' || verifyToken === '' || !sameSecret(token, verifyToken)) return forbidden
  if (!CHALLENGE_PATTERN.test(challenge)) return forbidden
  return { status: 200, body: challenge }
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}
