import { TwilioPayloadError } from './errors'
import type { TwilioFormParams } from './signature'

/**
 * Reads single-valued fields out of a Twilio form post and collects every problem before
 * throwing one TwilioPayloadError naming the fields (never their values).
 *
 * Hand-written rather than zod because this package does not depend on zod yet; the rules are
 * few and flat (present, a string, matches a pattern).
 */
export class FormFieldReader {
  readonly #params: TwilioFormParams
  readonly #invalid: string[] = []

  constructor(params: unknown) {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new TwilioPayloadError(['(payload)'])
    this.#params = params as TwilioFormParams
  }

  /** The value, or undefined when absent. A repeated or non-string value is invalid. */
  optional(name: string, pattern?: RegExp): string | undefined {
    if (!Object.hasOwn(this.#params, name)) return undefined
    const value = this.#params[name]
    if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
      this.#invalid.push(name)
      return undefined
    }
    return value
  }

  /** As optional, but absence (or an empty value) is invalid too. */
  required(name: string, pattern?: RegExp): string {
    const value = this.optional(name, pattern)
    if (value === undefined || value === '') {
      if (!this.#invalid.includes(name)) this.#invalid.push(name)
      return ''
    }
    return value
  }

  /** Throws when any field read so far was missing or malformed. */
  done(): void {
    if (this.#invalid.length > 0) throw new TwilioPayloadError([...this.#invalid])
  }
}

export const MESSAGE_SID_PATTERN = /^(?:SM|MM)[0-9a-f]{32}$/i
export const ACCOUNT_SID_PATTERN = /^AC[0-9a-f]{32}$/i

/**
 * A raw application/x-www-form-urlencoded body as Twilio posts it, into the params that
 * verifyTwilioSignature and the parse functions take. A repeated name becomes an array, as
 * the signature needs every value.
 */
export function parseTwilioForm(rawBody: string | Buffer): TwilioFormParams {
  const params: TwilioFormParams = Object.create(null) as TwilioFormParams
  for (const [name, value] of new URLSearchParams(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'))) {
    const existing = params[name]
    if (existing === undefined) params[name] = value
    else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return params
}
