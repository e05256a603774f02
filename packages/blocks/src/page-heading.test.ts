import { describe, expect, it } from 'vitest'
import { promoteLeadingHeading, startsWithHeading } from './page-heading'
import { sanitizeRichText } from './sanitize-rich-text'

describe('the opening heading of rich text', () => {
  it('is found only at the very start', () => {
    expect(startsWithHeading('<h2>Prices</h2><p>From £12</p>')).toBe(true)
    expect(startsWithHeading('<h3>Prices</h3>')).toBe(true)
    expect(startsWithHeading('<p>Intro</p><h2>Prices</h2>')).toBe(false)
    expect(startsWithHeading('')).toBe(false)
  })

  it('becomes the h1, and later headings stay as they are', () => {
    const html = sanitizeRichText('<h2>Our <em>story</em></h2><p>Since 2003.</p><h2>Today</h2>')
    expect(promoteLeadingHeading(html)).toBe('<h1>Our <em>story</em></h1><p>Since 2003.</p><h2>Today</h2>')
    expect(promoteLeadingHeading('<p>No heading</p><h2>Later</h2>')).toBe('<p>No heading</p><h2>Later</h2>')
  })

  it('is an h2 at most as the editor wrote it: the sanitizer maps h1 to h2', () => {
    expect(startsWithHeading(sanitizeRichText('<h1>Title</h1>'))).toBe(true)
    expect(sanitizeRichText('<h1>Title</h1>')).toBe('<h2>Title</h2>')
  })
})
