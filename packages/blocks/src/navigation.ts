import { z } from 'zod'
import { linkUrlSchema, requiredText } from './fields'

const navLinkShape = {
  label: requiredText('Add the link text', 60),
  href: linkUrlSchema,
}

/** A link inside a menu; menus go one level deep, so it has no children of its own. */
export const navChildSchema = z.strictObject(navLinkShape, {
  error: issue => issue.code === 'unrecognized_keys' ? 'Menus go one level deep: a sub-link cannot have links of its own' : undefined,
})

export const navItemSchema = z.object({
  ...navLinkShape,
  children: z.array(navChildSchema).max(12, 'Use at most 12 sub-links').default([]),
})

export const navigationSchema = z.object({
  header: z.array(navItemSchema).max(12, 'Use at most 12 links in the header').default([]),
  footer: z.array(navItemSchema).max(24, 'Use at most 24 links in the footer').default([]),
})

export type NavItem = z.output<typeof navItemSchema>
export type Navigation = z.output<typeof navigationSchema>

/** Every href in the navigation, children included. */
export function navigationHrefs(navigation: Navigation): string[] {
  return [...navigation.header, ...navigation.footer].flatMap(item => [item.href, ...item.children.map(child => child.href)])
}
