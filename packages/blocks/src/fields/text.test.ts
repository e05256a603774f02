import { describe, expect, it } from 'vitest'
import { imageSchema } from './image'
import { richText } from './rich-text'
import { optionalText, requiredText } from './text'

// PostgreSQL cannot store NUL in a page's JSON: block text drops it (and the other control
// characters) instead of failing the save, and keeps its lines.
describe('block text', () => {
  const NUL = JSON.parse('"\\u0000"') as string

  it('keeps lines, normalises CRLF and drops control characters', () => {
    expect(requiredText('Add the answer', 50).parse(` First${NUL} line\r\nSecond\u0007 line `)).toBe('First line\nSecond line')
    expect(optionalText(50).parse(`${NUL}`)).toBe('')
    expect(requiredText('Add a heading', 50).safeParse(NUL).error?.issues[0]?.message).toBe('Add a heading')
  })

  it('drops them from rich text and images too', () => {
    expect(richText().parse(`<p>Hi${NUL}</p>`)).toBe('<p>Hi</p>')
    expect(imageSchema.parse({ url: '/a.png', alt: `A${NUL} dog\n`, mediaId: `m${NUL}1` })).toMatchObject({ alt: 'A dog', mediaId: 'm1' })
  })
})
