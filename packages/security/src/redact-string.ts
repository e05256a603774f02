export const REDACTED = '[REDACTED]'
export const REDACTED_CARD = '[REDACTED CARD]'

// Provider keys recognisable by prefix alone. `re_` (Resend) must contain a digit so
// snake_case identifiers such as `re_send_booking_confirmation` are left alone.
const PROVIDER_KEYS = [
  /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
  /(?<![A-Za-z0-9])whsec_[A-Za-z0-9+/=]{16,}/g,
  /(?<![A-Za-z0-9])re_(?=[A-Za-z_]*\d)\w{16,}/g,
  /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_\w{16,})/g,
]

const BEARER = /\b(Bearer)\s+[\w.~+/=-]+/gi
// `Basic <x>` only counts when <x> decodes to `user:pass`, so "Basic plan" survives.
const BASIC = /\b(Basic)\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/g
// Whatever follows an Authorization header name is a credential, whatever its scheme.
const AUTH_HEADER = /(?<![\w-])((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:([A-Z][\w-]*) +)?([^\s"',;]+)/gi
// scheme://user:password@host; the password runs greedily to the last `@` before the path.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:@/?#"'<>]*):([^\s/?#"'<>]*)@/gi
const COOKIE_HEADER = /(?<![\w-])(set-cookie|cookie)(["']?)(\s*:\s*)(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\r\n]*))/gi
const COOKIE_PAIR = /([^\s=;,'"[\]]+)=([^;,\r\n'"\]]*)/g
const COOKIE_ATTRIBUTES = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'secure', 'httponly', 'priority', 'partitioned'])
const QUERY_PARAM = /([?&;])([^=&#\s"'<>]+)=([^&#\s"'<>]*)/g
const QUERY_NAMES = new Set(['token', 'key', 'secret', 'password', 'passwd', 'pwd', 'signature', 'sig', 'code', 'apikey', 'xamzcredential', 'xamzsecuritytoken'])
const QUERY_SUFFIXES = ['token', 'secret', 'password', 'signature', 'apikey']
// `name=value`, `"name": "value"`, `name: 'value'` (JSON, form bodies, env dumps, util.inspect
// output). A bare `token: expired` in prose is left alone: the colon form needs quotes.
const KEY_VALUE = /(?<![\w-])([\w-]*?(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|encryption[_-]?key|authorization))(?:(["'])\s*[:=]\s*|\s*=\s*|\s*:\s*(?=["']))(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"'&,;)}\]]+))/gi
// A path segment's last dot-separated part that looks like a token or signature: 20+ base64url
// characters with upper case, lower case and digits (manage links `/manage/<id>.<signature>`,
// previews `/_preview/<id>.<expiry>.<signature>`, `/invitations/<token>`). Ids (UUIDs, lower-case
// hex), slugs and file names (`.js` after them) do not qualify; the id before a dot is kept.
const PATH_TOKEN = /(\/(?:[\w-]+\.)*)([\w-]{20,})(?=$|[/?#\s"'<>),;])/g
const TOKEN_SHAPED = (value: string) => /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value)
// 13–19 digits, optionally split by single spaces or dashes; card IINs start with 2–6,
// which also keeps millisecond timestamps (1…) and most ids out.
const CARD_CANDIDATE = /(?<![\w-])[2-6](?:[ -]?\d){12,18}(?!\w|-\d)/g

/** Scrubs credentials that can hide inside any free text: messages, URLs, headers, bodies. */
export function redactString(input: string): string {
  if (typeof input !== 'string' || input === '') return input
  let text = input
  for (const pattern of PROVIDER_KEYS) text = text.replace(pattern, REDACTED)
  text = text.replace(AUTH_HEADER, (_match, name: string, scheme?: string) => `${name}${scheme ? `${scheme} ` : ''}${REDACTED}`)
  text = text.replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
  text = text.replace(BASIC, (match: string, scheme: string, encoded: string) =>
    Buffer.from(encoded, 'base64').toString('latin1').includes(':') ? `${scheme} ${REDACTED}` : match)
  text = text.replace(URL_CREDENTIALS, (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
  text = text.replace(COOKIE_HEADER, (match: string, name: string, quote: string, separator: string, double?: string, single?: string, bare?: string) => {
    if (double !== undefined) return `${name}${quote}${separator}"${redactCookiePairs(double)}"`
    if (single !== undefined) return `${name}${quote}${separator}'${redactCookiePairs(single)}'`
    return bare === undefined ? match : `${name}${quote}${separator}${redactCookiePairs(bare)}`
  })
  text = text.replace(PATH_TOKEN, (match: string, lead: string, token: string) => (TOKEN_SHAPED(token) ? `${lead}${REDACTED}` : match))
  text = text.replace(QUERY_PARAM, (match: string, lead: string, name: string, value: string) =>
    value !== '' && isSecretQueryName(name) ? `${lead}${name}=${REDACTED}` : match)
  text = text.replace(KEY_VALUE, (match: string, _name: string, _quote?: string, double?: string, single?: string, bare?: string) => {
    const value = double ?? single ?? bare ?? ''
    if (value === '' || value.startsWith('[REDACTED')) return match
    if (bare !== undefined) return `${match.slice(0, match.length - bare.length)}${REDACTED}`
    const quote = double === undefined ? '\'' : '"'
    return `${match.slice(0, match.length - value.length - 2)}${quote}${REDACTED}${quote}`
  })
  return text.replace(CARD_CANDIDATE, candidate => (passesLuhn(candidate.replace(/\D/g, '')) ? REDACTED_CARD : candidate))
}

/** The Luhn checksum every payment card number satisfies (and ~90% of random digit runs fail). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

function redactCookiePairs(value: string): string {
  return value.replace(COOKIE_PAIR, (match: string, name: string) =>
    COOKIE_ATTRIBUTES.has(name.toLowerCase()) ? match : `${name}=${REDACTED}`)
}

function isSecretQueryName(name: string): boolean {
  let normalised = name.toLowerCase().replace(/[_-]/g, '')
  try {
    normalised = decodeURIComponent(normalised)
  }
  catch {
    // A malformed escape: judge the raw name.
  }
  return QUERY_NAMES.has(normalised) || QUERY_SUFFIXES.some(suffix => normalised.endsWith(suffix))
}
