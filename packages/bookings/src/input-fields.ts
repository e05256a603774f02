import { timeZoneText } from '@flectar/time'
import { dateText, dateTimeText, multiLineText, singleLineText } from '@flectar/validation'

// Fields of the public API and the staff booking screens, with the API's messages
// (`must be …`), built from the shared primitives: a newline in a name becomes a space, a
// NUL or the year 9999 is a 422 on its field.

const PLAIN = 'must not contain control characters such as NUL'
const YEARS = 'must be in the years 1900 to 2200'

/** A customer's name: one line, 1–200 characters. */
export const customerNameSchema = singleLineText({ min: 1, max: 200, required: 'is required', tooLong: 'must be at most 200 characters', invalid: PLAIN })

/** A coupon code as a visitor types it (may be empty). */
export const couponCodeInputSchema = singleLineText({ max: 64, tooLong: 'must be at most 64 characters', invalid: PLAIN })

/** One line a person types: a search term, an answer to pick from. */
export function lineSchema(max: number) {
  return singleLineText({ max, tooLong: `must be at most ${max} characters`, invalid: PLAIN })
}

/** Text of several lines: notes, an answer, a reason. */
export function notesSchema(max: number) {
  return multiLineText({ max, tooLong: `must be at most ${max} characters`, invalid: PLAIN })
}

/** The start of a booking or a range end: ISO 8601 with offset, years 1900–2200. */
export const instantSchema = dateTimeText({ message: 'must be an ISO 8601 date-time with offset, e.g. 2026-12-07T10:00:00+01:00', outOfRange: YEARS })

/** A local day, `YYYY-MM-DD`, years 1900–2200. */
export const localDateSchema = dateText({ message: 'must be a date like 2026-12-07', outOfRange: YEARS })

/** The zone a visitor books or looks in, by the one rule of `@flectar/time` (its canonical name). */
export const timeZoneSchema = timeZoneText({ message: 'must be an IANA time zone such as Europe/Madrid' })
