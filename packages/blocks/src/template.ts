import { z } from 'zod'
import { InvalidInputError } from '@flectar/errors'
import { requiredText } from './fields'
import { navigationSchema } from './navigation'
import { themeSchema } from './theme'
import { fieldErrorsFrom, pageBlocksSchema } from './validate-blocks'

/** Modules a project can switch on (the same keys `@flectar/sites` stores). */
export const SITE_MODULES = ['bookings', 'listings', 'menu', 'blog', 'linkHub', 'files', 'messages', 'analytics'] as const
export type SiteModule = typeof SITE_MODULES[number]

/** Pages a module serves by itself, so templates may link to them without shipping the page. */
export const MODULE_PAGE_PATHS: Partial<Record<SiteModule, string[]>> = {
  bookings: ['/book'],
}

export const TEMPLATE_CATEGORIES = ['beauty', 'health', 'food', 'property', 'creative', 'personal'] as const

/** `/`, `/about`, `/services/colour`: lowercase segments of letters, digits and dashes. */
export const templatePagePathSchema = z.string('Add a path')
  .regex(/^\/(?:[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*)?$/, 'Use a path like / or /about or /services/colour')

export const templatePageSchema = z.object({
  path: templatePagePathSchema,
  title: requiredText('Give the page a title', 120),
  seo: z.object({
    metaTitle: z.string().trim().max(70, 'Keep it under 70 characters').optional(),
    metaDescription: z.string().trim().max(160, 'Keep it under 160 characters').optional(),
    noindex: z.boolean().optional(),
  }).optional(),
  blocks: pageBlocksSchema,
})

const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 09:30')

/**
 * What a template with the bookings module can be booked for: its services (prices in major
 * units of the new site's currency) and the opening hours, which become the owner's hours and
 * every opening-hours block of the site.
 */
export const templateBookingsSchema = z.object({
  services: z.array(z.object({
    name: requiredText('Name the service', 120),
    description: z.string().trim().max(500).optional(),
    durationMinutes: z.number().int().min(5).max(720),
    price: z.number().min(0).max(100_000),
    bufferAfterMinutes: z.number().int().min(0).max(240).default(0),
  })).min(1, 'Add at least one service').max(20),
  /** ISO weekdays: 1 is Monday, 7 Sunday. */
  hours: z.array(z.object({ weekday: z.number().int().min(1).max(7), start: clock, end: clock })
    .refine(row => row.start < row.end, { path: ['end'], message: 'Close after opening' })).min(1, 'Add the opening hours'),
})

export const templateSchema = z.object({
  key: z.string('Add a key').regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes'),
  name: requiredText('Add a name', 60),
  description: requiredText('Add a description', 300),
  category: z.enum(TEMPLATE_CATEGORIES, `Choose one of: ${TEMPLATE_CATEGORIES.join(', ')}`),
  theme: themeSchema,
  navigation: navigationSchema,
  modules: z.array(z.enum(SITE_MODULES, `Choose from: ${SITE_MODULES.join(', ')}`)).default([]),
  bookings: templateBookingsSchema.optional(),
  locales: z.array(z.string().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, 'Use a language code like en or en-GB')).min(1, 'Add at least one language'),
  pages: z.array(templatePageSchema).min(1, 'Add at least one page').max(30, 'Use at most 30 pages')
    .superRefine((pages, ctx) => {
      const seen = new Set<string>()
      pages.forEach((page, index) => {
        if (seen.has(page.path)) ctx.addIssue({ code: 'custom', path: [index, 'path'], message: 'Another page has this path' })
        seen.add(page.path)
      })
      if (!seen.has('/')) ctx.addIssue({ code: 'custom', path: [], message: 'Add a home page (path /)' })
    }),
}).refine(template => !template.modules.includes('bookings') || template.bookings, { path: ['bookings'], message: 'A template with bookings says what can be booked and when' })

/** A template as written in `templates/<key>.ts`: defaults may be left out. */
export type TemplateInput = z.input<typeof templateSchema>
/** A validated template: every block cleaned and complete. */
export type Template = z.output<typeof templateSchema>

/** Identity helper so template files get types and editor completion. */
export function defineTemplate(template: TemplateInput): TemplateInput {
  return template
}

/** Validates a whole template; throws a 422 with paths like `pages.1.blocks.0.content.heading`. */
export function validateTemplate(input: unknown): Template {
  const result = templateSchema.safeParse(input)
  if (!result.success) throw new InvalidInputError(fieldErrorsFrom(result.error))
  return result.data
}
