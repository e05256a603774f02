import { toSingleLine } from '@flectar/validation'

/** The longest subject the outbox takes. */
export const MAX_SUBJECT_LENGTH = 300

/**
 * A subject line from any text, names read back from the database included: one clean line
 * (a customer or service stored as `Eve\nSmith` reads `Eve Smith`), cut to what the outbox
 * takes. Build every subject that holds stored or typed text with it, so such a name never
 * makes the outbox refuse the email and, with it, the booking or invitation.
 */
export function emailSubject(text: string): string {
  const line = toSingleLine(text)
  if (line.length <= MAX_SUBJECT_LENGTH) return line
  // Cut on a code point, not inside a surrogate pair.
  return `${[...line.slice(0, MAX_SUBJECT_LENGTH - 1)].join('').replace(/[\uD800-\uDBFF]$/, '').trimEnd()}…`
}
