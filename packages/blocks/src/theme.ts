import { z } from 'zod'

const hexColour = z.string('Choose a colour')
  .trim()
  .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'Use a hex colour like #0d9488')
  .transform(normalizeHex)

/** Fonts the renderer bundles (self-hosted later); `system` uses the visitor's own UI font. */
export const FONT_KEYS = ['system', 'inter', 'dm-sans', 'lora', 'playfair'] as const
export type FontKey = typeof FONT_KEYS[number]

export const FONT_STACKS: Record<FontKey, string> = {
  'system': 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  'inter': '"Inter", ui-sans-serif, system-ui, sans-serif',
  'dm-sans': '"DM Sans", ui-sans-serif, system-ui, sans-serif',
  'lora': '"Lora", ui-serif, Georgia, Cambria, serif',
  'playfair': '"Playfair Display", ui-serif, Georgia, Cambria, serif',
}

export const RADIUS_KEYS = ['none', 'sm', 'md', 'lg', 'full'] as const
/** Card corners; `full` rounds cards generously and makes buttons pills. */
const RADII: Record<typeof RADIUS_KEYS[number], { card: string, button: string }> = {
  none: { card: '0', button: '0' },
  sm: { card: '0.25rem', button: '0.25rem' },
  md: { card: '0.5rem', button: '0.5rem' },
  lg: { card: '1rem', button: '0.75rem' },
  full: { card: '1.5rem', button: '999px' },
}

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
    '--fb-font-heading': FONT_STACKS[typography.heading],
    '--fb-font-body': FONT_STACKS[typography.body],
    '--fb-radius': RADII[theme.radius].card,
    '--fb-radius-button': RADII[theme.radius].button,
    'color-scheme': theme.mode,
  }
  return `:root{${Object.entries(variables).map(([name, value]) => `${name}:${value}`).join(';')}}`
}

/** Attributes for `<html>`: blocks.css adjusts shadows and surfaces for dark themes. */
export function themeHtmlAttributes(theme: Theme): { 'data-theme-mode': Theme['mode'] } {
  return { 'data-theme-mode': theme.mode }
}
