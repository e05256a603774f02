import { describe, expect, it } from 'vitest'
import { contrastRatio, defaultTheme, fontFaceCss, readableTextOn, themeContrastChecks, themeCss, themeCssVariables, themeSchema, type Theme } from './theme'

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

describe('fonts, buttons and contrast checks', () => {
  it('declares the chosen fonts once each, from the site\'s own /_fonts/, and none for the system font', () => {
    const css = themeCss({ ...defaultTheme, typography: { heading: 'fraunces', body: 'fraunces' } })
    const sources = [...css.matchAll(/url\(([^)]+)\)/g)].map(match => match[1])
    expect(sources).toEqual([
      '/_fonts/fraunces-latin-wght-normal.woff2', '/_fonts/fraunces-latin-ext-wght-normal.woff2',
      '/_fonts/fraunces-latin-wght-italic.woff2', '/_fonts/fraunces-latin-ext-wght-italic.woff2',
    ])
    expect(css).toContain('font-family:"Fraunces"')
    expect(css).toContain('--fb-font-heading:"Fraunces", ui-serif')
    expect(themeCss(defaultTheme)).not.toContain('@font-face')
    expect(fontFaceCss(['space-grotesk'])).not.toContain('italic')
  })

  it('shapes buttons by the style chosen, and by the radius for themes stored without one', () => {
    expect(themeCssVariables({ ...defaultTheme, buttons: 'pill' })).toContain('--fb-radius-button:999px')
    expect(themeCssVariables({ ...defaultTheme, radius: 'full', buttons: 'square' })).toContain('--fb-radius-button:0;')
    expect(themeCssVariables({ ...defaultTheme, radius: 'full' })).toContain('--fb-radius-button:999px')
  })

  it('fails grey text on white and a pale main colour, and warns for small text in it', () => {
    const checks = themeContrastChecks({ ...defaultTheme, palette: { primary: '#fde68a', accent: '#b45309', background: '#ffffff', text: '#999999' } })
    expect(checks.filter(check => !check.passes).map(check => [check.field, check.level, check.ratio])).toEqual([
      ['palette.text', 'error', 2.84],
      ['palette.primary', 'error', 1.24],
      ['palette.primary', 'warning', 1.24],
    ])
    expect(themeContrastChecks(defaultTheme).every(check => check.passes)).toBe(true)
  })

  it('gives button labels at least 4.5:1 on any colour', () => {
    let lowest = 21
    for (let value = 0; value < 0x1000000; value += 0x010101 * 3 + 0x000107) {
      const colour = `#${value.toString(16).padStart(6, '0')}`
      lowest = Math.min(lowest, contrastRatio(readableTextOn(colour), colour))
    }
    expect(lowest).toBeGreaterThanOrEqual(4.5)
  })
})
