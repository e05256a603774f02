import { z } from 'zod'

/** Text that must be filled in; `message` says what to enter (shown under the field). */
export function requiredText(message: string, max = 200) {
  return z.string(message).trim().min(1, message).max(max, `Keep it under ${max} characters`)
}

/** Text that may stay empty; missing in stored content reads as ''. */
export function optionalText(max = 200) {
  return z.string('Enter text').trim().max(max, `Keep it under ${max} characters`).default('')
}

/** One of a fixed set of choices, with a readable message for anything else. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.enum(values, `Choose one of: ${values.join(', ')}`).default(fallback as never)
}
