import { describe, expect, it } from 'vitest'
import { escapeHtml, renderEmail } from './render-email'

const base = {
  heading: 'Reset your password',
  paragraphs: ['Use this link to choose a new password.', 'It expires in 30 minutes.'],
  action: { label: 'Choose a new password', url: 'https://admin.example.com/reset-password?token=abc&x=1' },
  footer: 'If you did not ask for this, ignore this email.',
}

describe('escapeHtml', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;')
  })
})

describe('renderEmail', () => {
  it('escapes every piece of interpolated text', () => {
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    const { html } = renderEmail({
      preheader: evil,
      heading: evil,
      paragraphs: [evil],
      action: { label: evil, url: 'https://example.com/?q="><script>' },
      footer: evil,
      brandName: evil,
    })
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('href="https://example.com/?q=&quot;&gt;&lt;script&gt;"')
  })

  it('writes the action URL in full on its own line of the text part', () => {
    const { text } = renderEmail(base)
    expect(text.split('\n')).toContain(base.action.url)
    expect(text).toContain('Choose a new password:\nhttps://admin.example.com/reset-password?token=abc&x=1\n')
    expect(text).toContain('Reset your password\n\nUse this link to choose a new password.\n\nIt expires in 30 minutes.')
    expect(text).toContain('--\nIf you did not ask for this, ignore this email.\nFlectar Base')
    expect(text).not.toMatch(/<[a-z]/i)
  })

  it('keeps the text part as typed (no HTML entities)', () => {
    const { text } = renderEmail({ heading: 'Tom & Jerry <3', paragraphs: ['"quoted"'] })
    expect(text).toContain('Tom & Jerry <3')
    expect(text).toContain('"quoted"')
  })

  it('puts the button link and the written-out link in the HTML, escaped', () => {
    const { html } = renderEmail(base)
    expect(html.match(/href="https:\/\/admin\.example\.com\/reset-password\?token=abc&amp;x=1"/g)).toHaveLength(2)
    expect(html).toContain('>Choose a new password</a>')
  })

  it('loads no remote resources and runs no script', () => {
    const { html } = renderEmail({ ...base, preheader: 'Your link inside' })
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|<embed|<style|@import|url\(|\ssrc=|javascript:/i)
    const urls = html.match(/https?:\/\/[^"<\s]+/g) ?? []
    expect(new Set(urls)).toEqual(new Set(['https://admin.example.com/reset-password?token=abc&amp;x=1']))
  })

  it('is a fluid one-column table layout, at most 600px wide, with inline styles and a language', () => {
    const { html } = renderEmail({ ...base, lang: 'es' })
    expect(html.startsWith('<!DOCTYPE html><html lang="es">')).toBe(true)
    expect(html).toContain('style="width:100%;max-width:600px;margin:0 auto;table-layout:fixed;')
    // No fixed widths anywhere: only 100% and the cap.
    expect(html.match(/\bwidth="[^"]*"/g)?.every(attribute => attribute === 'width="100%"')).toBe(true)
    expect(html).not.toMatch(/(?<![-\w])width:\s*\d+px/)
    expect(html).toContain('role="presentation"')
    expect(html).toContain('<h1 ')
    expect(html).toContain('<title>Reset your password</title>')
    expect(renderEmail({ ...base, lang: '"><x' }).html).toContain('<html lang="en">')
  })

  it('hides the preheader and shows the brand name', () => {
    const { html } = renderEmail({ ...base, preheader: 'Preview line', brandName: 'Clínica Sol' })
    expect(html).toMatch(/<div style="display:none;[^"]*">Preview line<\/div>/)
    expect(html).toContain('>Clínica Sol</td>')
    expect(renderEmail(base).html).toContain('>Flectar Base</td>')
  })

  it('turns line breaks inside a paragraph into <br>', () => {
    const { html } = renderEmail({ heading: 'Hi', paragraphs: ['one\ntwo'] })
    expect(html).toContain('one<br>two')
  })

  it('accepts http(s) URLs only, for the action and for links', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', '/relative/path', 'mailto:a@b.co', 'https://exa mple.com', 'https://example.com/\nx']) {
      expect(() => renderEmail({ ...base, action: { label: 'Go', url } }), url).toThrow(/http\(s\) URL/)
      expect(() => renderEmail({ heading: 'Hi', paragraphs: [{ text: 'See', links: [{ label: 'Go', url }] }] }), url).toThrow(/http\(s\) URL/)
    }
    expect(renderEmail({ ...base, action: { label: 'Go', url: 'http://localhost:3000/x' } }).text).toContain('http://localhost:3000/x')
  })

  it('leaves the action and footer out when not given', () => {
    const { html, text } = renderEmail({ heading: 'Hello', paragraphs: ['Body'] })
    expect(html).not.toContain('<a ')
    expect(html).not.toContain('border-top')
    expect(text).toBe('Hello\n\nBody\n\n--\nFlectar Base\n')
  })

  it('writes links as anchors in the HTML and as `label: url` lines in the text part', () => {
    const google = 'https://calendar.google.com/calendar/render?action=TEMPLATE&text=Cut%20%E2%80%94%20Salon&dates=20261207T090000Z%2F20261207T093000Z'
    const { html, text } = renderEmail({
      heading: 'Booked',
      paragraphs: [{ text: 'Add it to your calendar:', links: [{ label: 'Google Calendar', url: google }, { label: 'Outlook <web>', url: 'https://outlook.live.com/calendar/0/deeplink/compose?subject=Cut' }] }, 'See you.'],
    })
    expect(html).toContain(`<a href="${google.replace(/&/g, '&amp;')}" target="_blank" rel="noopener" style="`)
    expect(html).toMatch(/>Add it to your calendar:<br><a [^>]+>Google Calendar<\/a><br><a [^>]+>Outlook &lt;web&gt;<\/a><\/p>/)
    expect(text).toContain(`Add it to your calendar:\nGoogle Calendar: ${google}\nOutlook <web>: https://outlook.live.com/calendar/0/deeplink/compose?subject=Cut\n\nSee you.`)
  })
})
