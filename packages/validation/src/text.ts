import { z } from 'zod'

// C0 controls (NUL, CR, LF, ESC…), DEL and C1 controls: PostgreSQL cannot store NUL, CR/LF
// break an email header or a line, the rest render as nothing.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LF_AND_TAB = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/
// eslint-disable-next-line no-control-regex
const CONTROL_GLOBAL = /[\u0000-\u001F\u007F-\u009F]/g
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LF_AND_TAB_GLOBAL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g
// Half of a UTF-16 pair without the other half: not encodable as UTF-8, and PostgreSQL
// refuses it in a JSON value (`\ud800`).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const LONE_SURROGATE_GLOBAL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// Any whitespace (JS `\s`: tabs, CR, LF, no-break and other Unicode spaces, U+2028/9) and NEL.
const WHITESPACE_RUN = /[\s\u0085]+/g

export const INVALID_TEXT_MESSAGE = 'Remove the control characters (such as NUL) or broken symbols from this text'

/**
 * Whether text can be stored and shown as typed: no control characters and no lone surrogates.
 * `multiLine` also allows line feeds and tabs.
 */
export function isCleanText(value: string, options: { multiLine?: boolean } = {}): boolean {
  return !(options.multiLine ? CONTROL_EXCEPT_LF_AND_TAB : CONTROL).test(value) && !LONE_SURROGATE.test(value)
}

/** Trimmed, every run of whitespace (newlines and tabs included) as one space. */
export function collapseWhitespace(value: string): string {
  return value.replace(WHITESPACE_RUN, ' ').trim()
}

/** CRLF and lone CR as LF. */
export function normaliseNewlines(value: string): string {
  return value.replace(/\r\n?/g, '\n')
}

/** Without control characters and lone surrogates; `multiLine` keeps LF and tab. */
export function stripControlCharacters(value: string, options: { multiLine?: boolean } = {}): string {
  return value.replace(options.multiLine ? CONTROL_EXCEPT_LF_AND_TAB_GLOBAL : CONTROL_GLOBAL, '').replace(LONE_SURROGATE_GLOBAL, '')
}

/**
 * Any text as one clean line, never failing: whitespace collapsed, control characters and
 * lone surrogates dropped. For text read back from storage (rows written before validation
 * or straight into the database), e.g. a name put in an email subject.
 */
export function toSingleLine(value: string): string {
  return collapseWhitespace(stripControlCharacters(collapseWhitespace(value)))
}

export interface TextOptions {
  /** Fewest characters once normalised (default 0). */
  min?: number
  /** Most characters once normalised (UTF-16 code units, as `String.length` counts them). */
  max: number
  /** Shown when shorter than `min`, e.g. `Enter a name`. */
  required?: string
  /** Shown when longer than `max` (default `Use at most <max> characters`). */
  tooLong?: string
  /** Shown for a control character or a lone surrogate (default `INVALID_TEXT_MESSAGE`). */
  invalid?: string
  /**
   * `strip` drops control characters and lone surrogates instead of refusing them: for
   * content that is validated again when it is read (a page's blocks), where refusing
   * would hide what was stored before.
   */
  controlCharacters?: 'refuse' | 'strip'
  /** Shown when the value is not a string at all (default zod's). */
  type?: string
}

/** `normalise`, then the control-character rule, then the length limits. */
function checked(normalise: (value: string) => string, options: TextOptions, multiLine: boolean): z.ZodString {
  const min = options.min ?? 0
  const base = z.string(options.type).overwrite(normalise)
  let schema = options.controlCharacters === 'strip'
    ? base.overwrite(value => normalise(stripControlCharacters(value, { multiLine })))
    : base.refine(value => isCleanText(value, { multiLine }), options.invalid ?? INVALID_TEXT_MESSAGE)
  if (min > 0) schema = schema.min(min, options.required ?? (min === 1 ? 'Required' : `Use at least ${min} characters`))
  return schema.max(options.max, options.tooLong ?? `Use at most ${options.max} characters`)
}

/**
 * One line of text: a name, a title, a code, a search term. Trimmed, any run of whitespace
 * (newlines and tabs included) becomes one space; control characters such as NUL are refused.
 */
export function singleLineText(options: TextOptions): z.ZodString {
  return checked(collapseWhitespace, options, false)
}

/**
 * Text of several lines: a message, notes, a description. Trimmed, CRLF and CR become LF;
 * LF and tab are kept, other control characters such as NUL are refused.
 */
export function multiLineText(options: TextOptions): z.ZodString {
  return checked(value => normaliseNewlines(value).trim(), options, true)
}

/**
 * One line exactly as sent (nothing trimmed or collapsed): a path, a value compared with
 * stored ones. Control characters and lone surrogates are refused.
 */
export function plainText(options: TextOptions): z.ZodString {
  return checked(value => value, options, false)
}
