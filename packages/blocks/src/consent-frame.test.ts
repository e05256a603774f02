import { describe, expect, it } from 'vitest'
import { consentFrameSrcdoc } from './consent-frame'

describe('consentFrameSrcdoc', () => {
  const srcdoc = consentFrameSrcdoc({
    url: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0',
    buttonLabel: 'Play "our" <video>',
    notice: 'YouTube will receive your IP address & may set cookies.',
    tone: 'dark',
  })

  it('holds one link that opens the provider inside the frame', () => {
    expect(srcdoc).toContain('<a href="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0" target="_self">')
  })

  it('escapes the editor\'s text', () => {
    expect(srcdoc).toContain('Play &quot;our&quot; &lt;video&gt;')
    expect(srcdoc).toContain('YouTube will receive your IP address &amp; may set cookies.')
  })

  it('loads nothing from anywhere and runs no script', () => {
    expect(srcdoc).not.toMatch(/<script|<img|<iframe|<link|src=|url\(|@import/i)
  })

  it('only opens https URLs', () => {
    expect(() => consentFrameSrcdoc({ url: 'javascript:alert(1)', buttonLabel: 'x', notice: 'y', tone: 'light' })).toThrow()
  })
})
