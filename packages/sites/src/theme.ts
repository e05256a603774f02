import { defaultTheme, themeCss, themeSchema, type Theme } from '@flectar/blocks'

/** A stored theme made valid: anything invalid falls back to the default theme. */
export function resolveTheme(theme: unknown): Theme {
  const merged = { ...defaultTheme, ...(theme && typeof theme === 'object' ? theme : {}) }
  const parsed = themeSchema.safeParse(merged)
  return parsed.success ? parsed.data : defaultTheme
}

/** A stored theme's CSS for the page head: its fonts' `@font-face` rules (self-hosted) and variables. */
export function themeCssFor(theme: unknown): string {
  return themeCss(resolveTheme(theme))
}
