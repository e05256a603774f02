import { z } from 'zod'
import { imageUrlSchema, themeContrastChecks, themeSchema } from '@flectar/blocks'
import { singleLineText } from '@flectar/validation'

// What the theme editor saves (`updateTheme`): colours, fonts, buttons and mode, and the logo
// and favicon from the media library. Browser-safe (part of `@flectar/sites/schemas`).

export const logoSchema = z.object({
  url: imageUrlSchema,
  alt: singleLineText({ min: 1, max: 120, required: 'Describe the logo (usually the business name)', tooLong: 'Keep it under 120 characters' }),
})

export const faviconSchema = z.object({ url: imageUrlSchema })

export const updateThemeSchema = z.object({
  theme: themeSchema,
  logo: logoSchema.nullable().default(null),
  favicon: faviconSchema.nullable().default(null),
}).superRefine(({ theme }, ctx) => {
  // WCAG AA: below it, saving is refused with the pair and its ratio under the colour to change.
  for (const check of themeContrastChecks(theme)) {
    if (check.level === 'error' && !check.passes) {
      ctx.addIssue({ code: 'custom', path: ['theme', ...check.field.split('.')], message: `${check.label}: ${check.ratio}:1, below the ${check.minimum}:1 that WCAG AA asks for. Choose a colour with more contrast.` })
    }
  }
})

export type UpdateThemeInput = z.output<typeof updateThemeSchema>
