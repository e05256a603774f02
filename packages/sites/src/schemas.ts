import { z } from 'zod'
import { isCleanText, multiLineText, plainText, singleLineText } from '@flectar/validation'
import { imageUrlSchema } from '@flectar/blocks'
import { timeZoneText } from '@flectar/time'
import { localeSchema, pagePathSchema, projectSlugSchema } from './slugs'

// `@flectar/sites/schemas`: the input schemas of the site builder's API, shared by the server
// (validation) and the admin's forms (the same checks and messages in the browser).
// Browser-safe: zod, @flectar/validation, @flectar/time and @flectar/blocks only.

export * from './slugs'
export * from './currency-for-locale'

// Projects (`createProject`, `updateProject`)

export const MODULES = ['bookings', 'listings', 'menu', 'blog', 'linkHub', 'files', 'messages', 'analytics'] as const

// The one rule of @flectar/time, as for resources and visitors: a zone bookings take too.
const timeZoneSchema = timeZoneText()

const projectNameSchema = singleLineText({ min: 2, max: 100, required: 'Enter a name' })

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))
export const currencySchema = z.string().trim().toUpperCase().refine(code => CURRENCIES.has(code), 'Choose a currency like EUR, GBP or USD')

/** How visitors reach the business: what the templates' `{{business.*}}` placeholders are filled with. */
export const businessDetailsSchema = z.object({
  address: multiLineText({ min: 5, max: 300, required: 'Enter the address visitors come to' }),
  phone: singleLineText({ min: 6, max: 40, required: 'Enter a phone number' })
    .regex(/^\+?[\d\s().-]+$/, 'Use digits, spaces and an optional + (like +34 912 345 678)')
    .refine(phone => phone.replace(/\D/g, '').length >= 6, 'Enter a phone number'),
  email: z.email('Enter an email like hello@example.com').max(254),
})

const extraLocalesSchema = z.array(localeSchema).max(10)

/**
 * What `createProject` takes. Business details are optional here (a blank site, the demo,
 * tests); the onboarding wizard and the admin API use `onboardingSchema`, which requires them.
 */
export const createProjectSchema = z.object({
  name: projectNameSchema,
  slug: projectSlugSchema,
  templateKey: plainText({ max: 50 }).optional(),
  timeZone: timeZoneSchema.default('UTC'),
  defaultLocale: localeSchema.default('en'),
  extraLocales: extraLocalesSchema.default([]),
  currency: currencySchema.default('EUR'),
  ...businessDetailsSchema.partial().shape,
})

/**
 * The onboarding wizard's answers, all of them: the admin's form checks with it, and
 * `POST /api/orgs/:orgId/projects` parses with it before `createProject`.
 */
export const onboardingSchema = createProjectSchema.extend({
  ...businessDetailsSchema.shape,
  templateKey: plainText({ min: 1, max: 50, required: 'Choose what kind of business it is' }),
  timeZone: timeZoneSchema,
}).refine(answers => !answers.extraLocales.includes(answers.defaultLocale), { path: ['extraLocales'], message: 'The main language is already included' })

export const updateProjectSchema = z.object({
  name: projectNameSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  extraLocales: extraLocalesSchema.optional(),
  // The theme and the menus have their own routes, with their own checks (contrast, links to
  // pages of this site) and audit actions; a PATCH carrying either is refused, not let through.
  theme: z.never('Change the theme with PUT …/theme').optional(),
  navigation: z.never('Change the menus with PUT …/navigation').optional(),
  modules: z.array(z.enum(MODULES)).optional(),
  /** Analytics without browser storage (a daily server-side visitor hash instead). */
  analyticsCookieless: z.boolean().optional(),
})

// Pages (`createPage`, `savePageDraft`, `validatePageContent`)

const pageTitleSchema = singleLineText({ min: 1, max: 120, required: 'Give the page a title' })

const seoSchema = z.object({
  metaTitle: singleLineText({ max: 70, tooLong: 'Keep it under 70 characters' }).optional(),
  metaDescription: singleLineText({ max: 160, tooLong: 'Keep it under 160 characters' }).optional(),
  socialImage: z.object({ url: imageUrlSchema, alt: singleLineText({ max: 300 }) }).optional(),
  canonical: z.url('Enter a full URL').refine(url => isCleanText(url), 'Enter a full URL').optional(),
  noindex: z.boolean().optional(),
}).strict()

export const pageContentSchema = z.object({
  title: pageTitleSchema,
  seo: seoSchema.optional(),
  blocks: z.array(z.unknown()).max(200, 'A page holds at most 200 blocks'),
})

export const createPageSchema = z.object({
  path: pagePathSchema,
  locale: localeSchema.optional(),
  title: pageTitleSchema,
  /** Adds the page to its language's header menu (shown there once it is published). */
  showInMenu: z.boolean().default(false),
})

/**
 * The editor's autosave (`savePageDraft`): the draft version it loaded, and the content,
 * which `savePageDraft` checks against the block registry as publishing and templates are.
 */
export const pageDraftSchema = z.object({ version: z.number().int().min(1), content: z.unknown() })

// Custom domains (`addDomain`)

export const hostnameSchema = z.string().trim().toLowerCase().max(253)
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain like www.example.com')

/** Adding a domain to a site (`addDomain`). */
export const addDomainSchema = z.object({ hostname: hostnameSchema })

// Redirects (`createRedirect`)

export const redirectSchema = z.object({
  fromPath: z.string().trim().max(2000).regex(/^\/[^\s?#]*$/, 'Use a path on this site like /old-page').refine(path => isCleanText(path), 'Use a path on this site like /old-page'),
  toPath: z.string().trim().max(2000).regex(/^(?:\/\S*|https?:\/\/\S+)$/, 'Use a path like /new-page or a full https:// address').refine(path => isCleanText(path), 'Use a path like /new-page or a full https:// address'),
  statusCode: z.union([z.literal(301), z.literal(302)]).default(301),
}).refine(value => value.fromPath !== value.toPath, { message: 'A redirect cannot point to itself', path: ['toPath'] })

// Navigation and theme editors (`updateNavigation`, `updateTheme`)

export * from './navigation-schema'
export * from './theme-schema'
