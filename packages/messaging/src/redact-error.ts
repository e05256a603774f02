const MAX_LENGTH = 500

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\bBearer\s+[^\s"',;]+/gi, 'Bearer [redacted]'],
  [/\bre_[\w-]{6,}/g, '[redacted]'],
  [/((?:api[_-]?key|token|secret|password|authorization)["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, '$1[redacted]'],
  [/(\/\/[^/\s:@]+:)[^/\s@]+@/g, '$1[redacted]@'],
]

/**
 * A short, single-line description of a delivery failure that is safe to keep in the
 * outbox: credentials (bearer tokens, `re_…` keys, `key=value` secrets, URL passwords)
 * are masked, and the text is cut to 500 characters.
 */
export function redactError(error: unknown, secrets: readonly string[] = []): string {
  let message = error instanceof Error
    ? (error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message)
    : String(error)
  for (const secret of secrets) {
    if (secret) message = message.split(secret).join('[redacted]')
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) message = message.replace(pattern, replacement)
  message = message.replace(/\s+/g, ' ').trim() || 'Unknown error'
  return message.length > MAX_LENGTH ? `${message.slice(0, MAX_LENGTH - 1)}…` : message
}
