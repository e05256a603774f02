import { describe, expect, it } from 'vitest'
import { contrastRatio, defaultTheme, readableTextOn, themeCssVariables, themeSchema, type Theme } from './theme'

describe('themeCssVariables', () => {
  it('writes every variable the block styles use', () => {
    const css = themeCssVariables(defaultTheme)
    expect(css.startsWith(':root{')).toBe(true)
    for (const name of ['--fb-primary', '--fb-on-primary', '--fb-accent', '--fb-on-accent', '--fb-background', '--fb-text', '--fb-font-heading', '--fb-font-body', '--fb-radius', '--fb-radius-button']) {
      expect(css).toContain(`${name}:`)
    }
    expect(css).toContain('color-scheme:light')
  })

  it('normalizes colours and maps keys to values', () => {
    const theme: Theme = {
      palette: { primary: '#FFF', accent: '#1D4ED8', background: '#111111', text: '#fafafa' },
      typography: { heading: 'playfair', body: 'inter' },
      radius: 'full',
      mode: 'dark',
    }
    expect(themeCssVariables(theme)).toBe(':root{--fb-primary:#ffffff;--fb-on-primary:#000000;--fb-accent:#1d4ed8;--fb-on-accent:#ffffff;'
      + '--fb-background:#111111;--fb-text:#fafafa;--fb-font-heading:"Playfair Display", ui-serif, Georgia, Cambria, serif;'
      + '--fb-font-body:"Inter", ui-sans-serif, system-ui, sans-serif;--fb-radius:1.5rem;--fb-radius-button:999px;color-scheme:dark}')
  })

  it('refuses values that could break out of the style element', () => {
    const evil = { ...defaultTheme, palette: { ...defaultTheme.palette, primary: 'red}</style><script>alert(1)</script>' } }
    expect(() => themeCssVariables(evil)).toThrow()
    expect(themeSchema.safeParse({ ...defaultTheme, typography: { heading: 'comic-sans', body: 'inter' } }).error?.issues[0]?.path).toEqual(['typography', 'heading'])
  })
})

describe('contrast helpers', () => {
  it('picks readable text for a colour', () => {
    expect(readableTextOn('#0f766e')).toBe('#ffffff')
    expect(readableTextOn('#fde68a')).toBe('#000000')
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21)
  })
})
