import { z } from 'zod'
import { FONT_KEYS, FONTS, fontFaceCss } from './theme-fonts'

export * from './theme-fonts'

const hexColour = z.string('Choose a colour')
  .trim()
  .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'Use a hex colour like #0d9488')
  .transform(normalizeHex)

export const RADIUS_KEYS = ['none', 'sm', 'md', 'lg', 'full'] as const
/** Card corners; `full` rounds cards generously and makes buttons pills. */
const RADII: Record<typeof RADIUS_KEYS[number], { card: string, button: string }> = {
  none: { card: '0', button: '0' },
  sm: { card: '0.25rem', button: '0.25rem' },
  md: { card: '0.5rem', button: '0.5rem' },
  lg: { card: '1rem', button: '0.75rem' },
  full: { card: '1.5rem', button: '999px' },
}

export const BUTTON_STYLES = ['rounded', 'pill', 'square'] as const
const BUTTON_RADII: Record<typeof BUTTON_STYLES[number], string> = { rounded: '0.5rem', pill: '999px', square: '0' }

export const themeSchema = z.object({
  palette: z.object({
    primary: hexColour,
    accent: hexColour,
    background: hexColour,
    text: hexColour,
  }),
  typography: z.object({
    heading: z.enum(FONT_KEYS, 'Choose one of the available fonts'),
    body: z.enum(FONT_KEYS, 'Choose one of the available fonts'),
  }),
  radius: z.enum(RADIUS_KEYS, 'Choose none, sm, md, lg or full'),
  /** Buttons' shape; without it they follow `radius` (as themes stored before it do). */
  buttons: z.enum(BUTTON_STYLES, 'Choose rounded, pill or square').optional(),
  mode: z.enum(['light', 'dark'], 'Choose light or dark'),
})

export type Theme = z.output<typeof themeSchema>

export const defaultTheme: Theme = {
  palette: { primary: '#0f766e', accent: '#b45309', background: '#ffffff', text: '#1c1917' },
  typography: { heading: 'system', body: 'system' },
  radius: 'md',
  mode: 'light',
}

function normalizeHex(value: string): string {
  const hex = value.slice(1).toLowerCase()
  return `#${hex.length === 3 ? [...hex].map(digit => digit + digit).join('') : hex}`
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!
}

export function contrastRatio(first: string, second: string): number {
  const [light, dark] = [luminance(normalizeHex(first)), luminance(normalizeHex(second))].sort((a, b) => b - a)
  return (light! + 0.05) / (dark! + 0.05)
}

/** Black or white, whichever reads better on the colour (for button text). */
export function readableTextOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000'
}

/**
 * The theme as CSS custom properties on `:root`, for a `<style>` in the page head. The
 * theme is parsed first (hex colours, fixed font and radius keys), so the output can be
 * inlined safely; an invalid theme throws.
 */
export function themeCssVariables(input: Theme): string {
  const theme = themeSchema.parse(input)
  const { palette, typography } = theme
  const variables: Record<string, string> = {
    '--fb-primary': palette.primary,
    '--fb-on-primary': readableTextOn(palette.primary),
    '--fb-accent': palette.accent,
    '--fb-on-accent': readableTextOn(palette.accent),
    '--fb-background': palette.background,
    '--fb-text': palette.text,
    '--fb-font-heading': FONTS[typography.heading].stack,
    '--fb-font-body': FONTS[typography.body].stack,
    '--fb-radius': RADII[theme.radius].card,
    '--fb-radius-button': theme.buttons ? BUTTON_RADII[theme.buttons] : RADII[theme.radius].button,
    'color-scheme': theme.mode,
  }
  return `:root{${Object.entries(variables).map(([name, value]) => `${name}:${value}`).join(';')}}`
}

/** The theme's `@font-face` rules (self-hosted files) followed by its variables, for one `<style>`. */
export function themeCss(input: Theme): string {
  const theme = themeSchema.parse(input)
  return fontFaceCss([theme.typography.heading, theme.typography.body]) + themeCssVariables(theme)
}

/** Attributes for `<html>`: blocks.css adjusts shadows and surfaces for dark themes. */
export function themeHtmlAttributes(theme: Theme): { 'data-theme-mode': Theme['mode'] } {
  return { 'data-theme-mode': theme.mode }
}

export interface ContrastCheck {
  /** What is read on what, for the editor ("Button text on the main colour"). */
  label: string
  /** The palette field to change when it fails. */
  field: 'palette.text' | 'palette.primary' | 'palette.accent'
  ratio: number
  /** WCAG 2.2 AA: 4.5 for text, 3 for focus rings and borders (1.4.11). */
  minimum: number
  /** `error`: saving is refused below the minimum; `warning`: saved, with the ratio shown. */
  level: 'error' | 'warning'
  passes: boolean
}

/**
 * The theme's colour pairs checked against WCAG AA, as blocks.css uses them. Button labels
 * are black or white, whichever reads better (`readableTextOn`), which is at least 4.58:1 on
 * any colour; the checks still run so a change to that rule cannot slip through.
 */
export function themeContrastChecks(input: Theme): ContrastCheck[] {
  const { palette } = themeSchema.parse(input)
  const check = (label: string, field: ContrastCheck['field'], first: string, second: string, minimum: number, level: ContrastCheck['level']): ContrastCheck => {
    const ratio = Math.floor(contrastRatio(first, second) * 100) / 100
    return { label, field, ratio, minimum, level, passes: ratio >= minimum }
  }
  return [
    check('Text on the background', 'palette.text', palette.text, palette.background, 4.5, 'error'),
    check('Button text on the main colour', 'palette.primary', readableTextOn(palette.primary), palette.primary, 4.5, 'error'),
    check('Button text on the accent colour', 'palette.accent', readableTextOn(palette.accent), palette.accent, 4.5, 'error'),
    check('Focus rings and outlined buttons (main colour on the background)', 'palette.primary', palette.primary, palette.background, 3, 'error'),
    check('Small text in the main colour (roles, ticks) on the background', 'palette.primary', palette.primary, palette.background, 4.5, 'warning'),
    check('Small text in the accent colour (ratings, badges) on the background', 'palette.accent', palette.accent, palette.background, 4.5, 'warning'),
  ]
}
