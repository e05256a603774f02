import { describe, expect, it } from 'vitest'
import { richTextLinkAttributes, sanitizeRichText } from './sanitize-rich-text'

// The page editor (Nuxt UI's UEditor with apps/admin/app/utils/rich-text-extensions.ts) writes
// these forms, one per formatting it offers; what it writes must be stored as written.
// e2e/edit-a-page-visually.spec.ts checks the real editor's output in Chromium the same way.
const EDITOR_OUTPUT = {
  'paragraphs': '<p>One</p><p>Two</p>',
  'an empty paragraph': '<p>Before</p><p></p><p>After</p>',
  'bold': '<p>A <strong>bold</strong> word</p>',
  'italic': '<p>An <em>italic</em> word</p>',
  'bold italic': '<p><strong><em>both</em></strong></p>',
  'headings h2–h4': '<h2>Heading</h2><h3>Subheading</h3><h4>Small heading</h4>',
  'a link': '<p>See <a href="/contact">contact</a> or <a href="https://example.com/a?b=1&amp;c=2">this</a></p>',
  'a link in a new tab': '<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">out</a></p>',
  'a link with nofollow': '<p><a href="https://example.com" rel="nofollow">out</a></p>',
  'mailto and tel links': '<p><a href="mailto:hi@example.com">mail</a> <a href="tel:+34912345678">call</a></p>',
  'a bold link': '<p><strong><a href="/book">Book</a></strong></p>',
  'a bulleted list': '<ul><li><p>one</p></li><li><p>two</p></li></ul>',
  'a numbered list': '<ol><li><p>first</p></li><li><p>second</p></li></ol>',
  'a nested list': '<ul><li><p>one</p><ul><li><p>inner</p></li></ul></li></ul>',
  'a quote': '<blockquote><p>Quoted</p></blockquote>',
  'a line break': '<p>Line<br>next</p>',
  'escaped text': '<p>5 &lt; 6 &amp; "quotes" \'too\'</p>',
}

describe('what the page editor writes', () => {
  for (const [formatting, html] of Object.entries(EDITOR_OUTPUT)) {
    it(`keeps ${formatting} unchanged`, () => {
      expect(sanitizeRichText(html)).toBe(html)
    })
  }

  it('cleans hostile HTML pasted into it', () => {
    const pasted = '<meta charset="utf-8"><p style="color:red" class="MsoNormal" onclick="alert(1)">Hi <span style="font-weight:700">there</span></p>'
      + '<script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)" title="t">click</a>'
      + '<h1>Big</h1><u>under</u><s>strike</s><code>code</code><hr><table><tr><td>cell</td></tr></table>'
    expect(sanitizeRichText(pasted)).toBe('<p>Hi there</p>click<h2>Big</h2>understrikecodecell')
  })
})

describe('richTextLinkAttributes', () => {
  it('keeps a safe href, in the order the sanitizer writes', () => {
    expect(richTextLinkAttributes({ href: ' /about ' })).toEqual({ href: '/about' })
    expect(Object.keys(richTextLinkAttributes({ rel: 'nofollow', target: '_blank', href: 'https://example.com' })!)).toEqual(['href', 'target', 'rel'])
  })

  it('adds noopener noreferrer to a new tab and keeps only known rel tokens, sorted', () => {
    expect(richTextLinkAttributes({ href: 'https://example.com', target: '_BLANK', rel: 'ugc me opener' })).toEqual({ href: 'https://example.com', target: '_blank', rel: 'noopener noreferrer ugc' })
    expect(richTextLinkAttributes({ href: '/a', target: '_top', rel: 'sponsored nofollow' })).toEqual({ href: '/a', rel: 'nofollow sponsored' })
  })

  it('refuses what link fields refuse', () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', '', ' ', null, undefined]) {
      expect(richTextLinkAttributes({ href })).toBeUndefined()
    }
  })
})
