import { z } from 'zod'
import { multiLineText } from '@flectar/validation'

// Block text may span lines (textareas); control characters such as NUL, which PostgreSQL
// cannot store in a page's JSON, are dropped rather than refused, because stored blocks are
// validated again when a page renders.

/** Text that must be filled in; `message` says what to enter (shown under the field). */
export function requiredText(message: string, max = 200) {
  return multiLineText({ min: 1, max, required: message, tooLong: `Keep it under ${max} characters`, type: message, controlCharacters: 'strip' })
}

/** Text that may stay empty; missing in stored content reads as ''. */
export function optionalText(max = 200) {
  return multiLineText({ max, tooLong: `Keep it under ${max} characters`, type: 'Enter text', controlCharacters: 'strip' }).default('')
}

/** One of a fixed set of choices, with a readable message for anything else. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.enum(values, `Choose one of: ${values.join(', ')}`).default(fallback as never)
}
