import { describe, expect, it } from 'vitest'
import { imageUrlSchema, isSafeImageUrl, isSafeLinkUrl, linkUrlSchema, optionalLinkUrlSchema } from './url'

describe('isSafeLinkUrl', () => {
  it.each([
    'https://example.com',
    'http://example.com/path?q=1#x',
    'HTTPS://EXAMPLE.COM',
    '/',
    '/about',
    '/services/colour?tab=prices#top',
    '#contact',
    'mailto:hello@example.com',
    'mailto:hello@example.com?subject=Booking',
    'tel:+34600111222',
    'tel:+1-555-010-9999',
  ])('allows %s', (url) => {
    expect(isSafeLinkUrl(url)).toBe(true)
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://user:pass@example.com',
    'https://bank.example@evil.example',
    'ftp://example.com',
    'example.com',
    'about',
    '#',
    'mailto:',
    'mailto:not-an-address',
    'tel:call-me',
    'https://exa mple.com',
    'https://example.com/\u2028',
    '',
    `https://example.com/${'a'.repeat(2100)}`,
  ])('refuses %s', (url) => {
    expect(isSafeLinkUrl(url)).toBe(false)
  })
})

describe('isSafeImageUrl', () => {
  it('allows http(s) and site paths only', () => {
    expect(isSafeImageUrl('/templates/salon/images/hero.svg')).toBe(true)
    expect(isSafeImageUrl('https://cdn.example.com/a.jpg')).toBe(true)
    expect(isSafeImageUrl('mailto:a@b.co')).toBe(false)
    expect(isSafeImageUrl('#x')).toBe(false)
    expect(isSafeImageUrl('data:image/svg+xml,<svg onload=alert(1)>')).toBe(false)
    expect(isSafeImageUrl('javascript:alert(1)')).toBe(false)
  })
})

describe('url schemas', () => {
  it('trims and explains what is allowed', () => {
    expect(linkUrlSchema.parse('  /about ')).toBe('/about')
    expect(linkUrlSchema.safeParse('javascript:alert(1)').error?.issues[0]?.message).toMatch(/web address/)
    expect(linkUrlSchema.safeParse('').error?.issues[0]?.message).toBe('Add a link')
    expect(imageUrlSchema.safeParse('').error?.issues[0]?.message).toBe('Choose an image')
  })

  it('lets an optional link stay empty', () => {
    expect(optionalLinkUrlSchema.parse(undefined)).toBe('')
    expect(optionalLinkUrlSchema.parse('')).toBe('')
    expect(optionalLinkUrlSchema.safeParse('javascript:void(0)').success).toBe(false)
  })
})
