import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { INVALID_TEXT_MESSAGE, isCleanText, multiLineText, plainText, singleLineText, stripControlCharacters, toSingleLine } from './text'

const EMOJI = '\u{1F600}'

/** The first message zod gives, or undefined when the value passes. */
function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value)
  return result.success ? undefined : result.error.issues[0]!.message
}

describe('singleLineText', () => {
  const name = singleLineText({ min: 1, max: 20, required: 'Enter a name', tooLong: 'Use at most 20 characters' })

  it('trims and collapses every run of whitespace, newlines and tabs included, into one space', () => {
    expect(name.parse('  Eve\nSmith ')).toBe('Eve Smith')
    expect(name.parse('Cut\r\nand \t dry')).toBe('Cut and dry')
    expect(name.parse('Ana\u00A0\u2028María\u0085L.')).toBe('Ana María L.')
  })

  it('refuses NUL and other control characters with a clear message', () => {
    for (const value of ['Eve\u0000', JSON.parse('"Eve\\u0000Smith"'), 'a\u0007b', 'a\u001Bb', 'a\u007Fb', 'a\u009Fb']) {
      expect(messageOf(name, value)).toBe(INVALID_TEXT_MESSAGE)
    }
  })

  it('refuses lone surrogates but keeps real pairs', () => {
    expect(messageOf(name, 'a\uD800')).toBe(INVALID_TEXT_MESSAGE)
    expect(messageOf(name, JSON.parse('"\\udc00b"'))).toBe(INVALID_TEXT_MESSAGE)
    expect(name.parse(`Ana ${EMOJI}`)).toBe(`Ana ${EMOJI}`)
  })

  it('uses the field\'s own messages for empty and too long text, counted after normalising', () => {
    expect(messageOf(name, ' \n\t ')).toBe('Enter a name')
    expect(messageOf(name, 'x'.repeat(21))).toBe('Use at most 20 characters')
    expect(name.parse(`${'x'.repeat(10)}\n\n\n\n${'y'.repeat(9)}`)).toHaveLength(20)
  })

  it('refuses very long unicode and values that are not text', () => {
    expect(messageOf(name, EMOJI.repeat(5000))).toBe('Use at most 20 characters')
    expect(singleLineText({ max: 10_000 }).parse(EMOJI.repeat(5000))).toHaveLength(10_000)
    for (const value of [1e308, JSON.parse('9007199254740993'), -1, null, ['a'], { a: 1 }]) expect(name.safeParse(value).success).toBe(false)
  })

  it('stays a string schema: optional, default and JSON Schema still work', () => {
    const schema = z.object({ title: singleLineText({ max: 5 }).optional(), code: singleLineText({ max: 5 }).default('A') })
    expect(schema.parse({})).toEqual({ code: 'A' })
    expect(z.toJSONSchema(schema, { io: 'input' })).toMatchObject({ properties: { title: { type: 'string', maxLength: 5 } } })
  })
})

describe('multiLineText', () => {
  const message = multiLineText({ min: 1, max: 50, required: 'Write a message' })

  it('keeps LF and tabs, turns CRLF and lone CR into LF, trims the ends', () => {
    expect(message.parse('\n Hello\r\nthere\rfriend\t!\n\n')).toBe('Hello\nthere\nfriend\t!')
  })

  it('refuses NUL and the other control characters', () => {
    for (const value of ['Hi\u0000', JSON.parse('"Hi\\u0000"'), 'a\u000Bb', 'a\u000Cb', 'a\u001Bb', 'a\u007Fb', 'a\u009Bb', 'a\uDBFF']) {
      expect(messageOf(message, value)).toBe(INVALID_TEXT_MESSAGE)
    }
  })

  it('uses the field\'s messages', () => {
    expect(messageOf(message, '\r\n')).toBe('Write a message')
    expect(messageOf(message, EMOJI.repeat(5000))).toBe('Use at most 50 characters')
    expect(messageOf(multiLineText({ max: 5, invalid: 'Remove the odd characters' }), '\u0000')).toBe('Remove the odd characters')
  })
})

describe('controlCharacters: strip', () => {
  it('drops control characters and lone surrogates instead of refusing them', () => {
    expect(singleLineText({ max: 20, controlCharacters: 'strip' }).parse(' Ana \u0000 María\u0007 ')).toBe('Ana María')
    expect(multiLineText({ max: 20, controlCharacters: 'strip' }).parse('Hi\u0000\r\nthere\uD800\t!')).toBe('Hi\nthere\t!')
    expect(plainText({ max: 20, controlCharacters: 'strip' }).parse('/a\u0000b ')).toBe('/ab ')
  })

  it('checks the limits on what is left', () => {
    const message = multiLineText({ min: 1, max: 3, required: 'Write something', controlCharacters: 'strip' })
    expect(message.safeParse('\u0000\u0001').error?.issues[0]?.message).toBe('Write something')
    expect(message.parse('abc\u0000')).toBe('abc')
  })
})

describe('plainText', () => {
  it('keeps the value as sent and refuses control characters', () => {
    const path = plainText({ max: 10 })
    expect(path.parse(' /a  b ')).toBe(' /a  b ')
    expect(messageOf(path, '/\u0000')).toBe(INVALID_TEXT_MESSAGE)
    expect(messageOf(path, '/a\nb')).toBe(INVALID_TEXT_MESSAGE)
  })
})

describe('toSingleLine', () => {
  it('turns anything into one clean line, never failing', () => {
    expect(toSingleLine('Eve\nSmith')).toBe('Eve Smith')
    expect(toSingleLine(' Cut\r\n\tand\u0000 dry\u0007 \uD800')).toBe('Cut and dry')
    expect(toSingleLine(`${EMOJI}\u0000${EMOJI}`)).toBe(`${EMOJI}${EMOJI}`)
    expect(toSingleLine('\u0000\n')).toBe('')
  })
})

describe('stripControlCharacters', () => {
  it('keeps LF and tab only when multi-line', () => {
    expect(stripControlCharacters('a\nb\tc\u0000\u001B')).toBe('abc')
    expect(stripControlCharacters('a\nb\tc\u0000\u009F', { multiLine: true })).toBe('a\nb\tc')
  })
})

describe('isCleanText', () => {
  it('allows newlines and tabs only when multi-line', () => {
    expect(isCleanText('a\nb\tc')).toBe(false)
    expect(isCleanText('a\nb\tc', { multiLine: true })).toBe(true)
    expect(isCleanText('a\rb', { multiLine: true })).toBe(false)
  })
})
