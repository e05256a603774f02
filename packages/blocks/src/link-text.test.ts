import { describe, expect, it } from 'vitest'
import { linkText } from './link-text'

describe('linkText', () => {
  it('keeps a phone link on one line, and other links as written', () => {
    expect(linkText('Call 020 7946 0123', 'tel:+442079460123')).toBe('Call\u00A0020\u00A07946\u00A00123')
    expect(linkText('Book a table', '/book')).toBe('Book a table')
    expect(linkText('Visit us', undefined)).toBe('Visit us')
  })
})
