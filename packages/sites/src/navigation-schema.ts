import { z } from 'zod'
import { isSafeLinkUrl, navigationSchema } from '@flectar/blocks'
import { multiLineText, singleLineText } from '@flectar/validation'
import { localeSchema, pagePathSchema } from './slugs'

// `projects.navigation`: the header menu and footer links of each language, and the footer's
// contact details, opening hours and social links. Browser-safe (part of `@flectar/sites/schemas`),
// so the admin's navigation editor checks with the API's own rules and messages.

const linkIdSchema = z.string().trim().regex(/^[\w-]{1,64}$/, 'A link needs an id')
const labelSchema = singleLineText({ min: 1, max: 60, required: 'Add the link text', tooLong: 'Keep it under 60 characters' })
/** A section's id as blocks render it (`block-<id>`), or any id an editor gave. */
const anchorSchema = z.string().trim().regex(/^[A-Z][\w-]{0,99}$/i, 'Use the id of a section, like block-contact')
const externalUrlSchema = z.string().trim().min(1, 'Add a web address')
  .refine(url => /^(?:https?:\/\/|mailto:|tel:)/i.test(url) && isSafeLinkUrl(url), 'Use a full web address (https://…), mailto: or tel:')

const linkKinds = {
  page: { id: linkIdSchema, kind: z.literal('page'), label: labelSchema, path: pagePathSchema },
  anchor: { id: linkIdSchema, kind: z.literal('anchor'), label: labelSchema, path: pagePathSchema, anchor: anchorSchema },
  external: { id: linkIdSchema, kind: z.literal('external'), label: labelSchema, url: externalUrlSchema, newTab: z.boolean().default(false) },
}
const NESTED_MESSAGE = 'Menus go one level deep: a sub-link cannot have links of its own'
const strictLink = <Shape extends z.ZodRawShape>(shape: Shape) => z.strictObject(shape, { error: issue => issue.code === 'unrecognized_keys' ? NESTED_MESSAGE : undefined })

/** A link with no sub-links: a footer link, or a sub-link of a menu item. */
export const menuLinkSchema = z.discriminatedUnion('kind', [strictLink(linkKinds.page), strictLink(linkKinds.anchor), strictLink(linkKinds.external)], { error: 'Choose a page, an anchor on a page or a web address' })

const childrenShape = { children: z.array(menuLinkSchema).max(12, 'Use at most 12 sub-links').default([]) }
/** A header menu item: one level of sub-links. */
export const menuItemSchema = z.discriminatedUnion('kind', [
  z.object({ ...linkKinds.page, ...childrenShape }),
  z.object({ ...linkKinds.anchor, ...childrenShape }),
  z.object({ ...linkKinds.external, ...childrenShape }),
], { error: 'Choose a page, an anchor on a page or a web address' })

export const localeMenusSchema = z.object({
  header: z.array(menuItemSchema).max(12, 'Use at most 12 links in the header').default([]),
  /** Legal and other links under the footer (privacy, terms, imprint…). */
  footer: z.array(menuLinkSchema).max(24, 'Use at most 24 links in the footer').default([]),
})

/** Networks the footer shows with their name; each link must be on one of the network's hosts. */
export const SOCIAL_NETWORKS = {
  instagram: { label: 'Instagram', hosts: ['instagram.com'] },
  facebook: { label: 'Facebook', hosts: ['facebook.com', 'fb.com'] },
  tiktok: { label: 'TikTok', hosts: ['tiktok.com'] },
  x: { label: 'X', hosts: ['x.com', 'twitter.com'] },
  linkedin: { label: 'LinkedIn', hosts: ['linkedin.com'] },
  youtube: { label: 'YouTube', hosts: ['youtube.com', 'youtu.be'] },
  whatsapp: { label: 'WhatsApp', hosts: ['wa.me', 'whatsapp.com'] },
  pinterest: { label: 'Pinterest', hosts: ['pinterest.com'] },
  threads: { label: 'Threads', hosts: ['threads.net', 'threads.com'] },
} as const
export type SocialNetwork = keyof typeof SOCIAL_NETWORKS
const NETWORK_KEYS = Object.keys(SOCIAL_NETWORKS) as [SocialNetwork, ...SocialNetwork[]]

function isOnNetwork(url: string, network: SocialNetwork): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    return protocol === 'https:' && isSafeLinkUrl(url) && SOCIAL_NETWORKS[network].hosts.some(host => hostname === host || hostname.endsWith(`.${host}`))
  }
  catch {
    return false
  }
}

export const socialLinkSchema = z.object({
  network: z.enum(NETWORK_KEYS, 'Choose a network'),
  url: z.string('Add the address of your page').trim().min(1, 'Add the address of your page').max(500, 'Use at most 500 characters'),
}).superRefine((link, ctx) => {
  if (!isOnNetwork(link.url, link.network)) {
    const { label, hosts } = SOCIAL_NETWORKS[link.network]
    ctx.addIssue({ code: 'custom', path: ['url'], message: `Use the https:// address of your ${label} page (on ${hosts.join(' or ')})` })
  }
})

export const footerSettingsSchema = z.object({
  /** Address, phone and email from the site's business details. */
  showContact: z.boolean().default(true),
  hours: z.object({
    /** `bookings`: the bookable hours of the site's active resources; `text`: as written. */
    source: z.enum(['none', 'bookings', 'text'], 'Choose where the hours come from').default('none'),
    text: multiLineText({ max: 500, tooLong: 'Keep it under 500 characters' }).default(''),
  }).default({ source: 'none', text: '' }),
  social: z.array(socialLinkSchema).max(12, 'Use at most 12 social links').default([]),
})

export const siteNavigationSchema = z.object({
  version: z.literal(2),
  /** Per language: the default locale and each extra one. */
  menus: z.record(localeSchema, localeMenusSchema).default({}),
  footer: footerSettingsSchema.default({ showContact: true, hours: { source: 'none', text: '' }, social: [] }),
})

/** What the navigation editor saves (`updateNavigation`). */
export const updateNavigationSchema = siteNavigationSchema.omit({ version: true })

export type MenuLink = z.output<typeof menuLinkSchema>
export type MenuItem = z.output<typeof menuItemSchema>
export type LocaleMenus = z.output<typeof localeMenusSchema>
export type FooterSettings = z.output<typeof footerSettingsSchema>
export type SiteNavigation = z.output<typeof siteNavigationSchema>

/** `{ label, href }` of the first navigation shape (templates, sites made before version 2) as a typed link. */
function linkFromHref(id: string, label: string, href: string): MenuLink {
  const [path, anchor] = href.split('#', 2) as [string, string | undefined]
  const pagePath = pagePathSchema.safeParse(path || '/')
  if (pagePath.success && anchor && anchorSchema.safeParse(anchor).success) return { id, kind: 'anchor', label, path: pagePath.data, anchor }
  if (pagePath.success && !anchor && path) return { id, kind: 'page', label, path: pagePath.data }
  return { id, kind: 'external', label, url: href, newTab: false }
}

/**
 * The stored navigation, whatever its age: version 2 as saved, the first shape (`{ header,
 * footer }` of `{ label, href }`, which templates still write) read as the default locale's
 * menus. What cannot be read is left out rather than failing the page.
 */
export function readSiteNavigation(stored: unknown, defaultLocale: string): SiteNavigation {
  const current = siteNavigationSchema.safeParse(stored)
  if (current.success) return current.data
  const legacy = navigationSchema.safeParse(stored)
  const empty = siteNavigationSchema.parse({ version: 2 })
  if (!legacy.success) return empty
  const header = legacy.data.header.map((item, index) => ({
    ...linkFromHref(`h${index}`, item.label, item.href),
    children: item.children.map((child, childIndex) => linkFromHref(`h${index}-${childIndex}`, child.label, child.href)),
  }))
  const footer = legacy.data.footer.map((item, index) => linkFromHref(`f${index}`, item.label, item.href))
  // Each link is checked as version 2 would check it; one that fails is dropped, not the menu.
  const menus = localeMenusSchema.parse({
    header: header.filter(item => menuItemSchema.safeParse(item).success),
    footer: footer.filter(link => menuLinkSchema.safeParse(link).success),
  })
  return { ...empty, menus: { [defaultLocale]: menus } }
}
