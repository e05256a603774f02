import { defaultTheme, themeCssVariables, themeSchema, type Theme } from '@flectar/blocks'

/** A stored theme made valid: anything invalid falls back to the default theme. */
export function resolveTheme(theme: unknown): Theme {
  const merged = { ...defaultTheme, ...(theme && typeof theme === 'object' ? theme : {}) }
  const parsed = themeSchema.safeParse(merged)
  return parsed.success ? parsed.data : defaultTheme
}

/** CSS variables for a stored theme. */
export function themeCssFor(theme: unknown): string {
  return themeCssVariables(resolveTheme(theme))
}
