import { z } from 'zod'

/** Control characters, whitespace and backslashes: browsers strip or reinterpret them in URLs. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007F-\u009F\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u3000\uFEFF\\]/
const MAILTO = /^mailto:[^@?]+@[^?@][^.?@]*\.[^?@]+(?:\?.*)?$/i
const TEL = /^tel:\+?\d[0-9\-.()]{2,30}$/i
const ANCHOR = /^#[^#]+$/

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false
  try {
    const url = new URL(value)
    // Credentials in links are a phishing trick (`https://bank.com@evil.example`).
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === ''
  }
  catch {
    return false
  }
}

/** A path on this site: `/`, `/about?x=1#team`, but not `//host` (another site). */
function isSitePath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//')
}

/**
 * Links editors may use: http(s), `mailto:`, `tel:`, a site path (`/about`) or an anchor
 * (`#contact`). Anything else — `javascript:`, `data:`, protocol-relative `//host` — is refused.
 */
export function isSafeLinkUrl(value: string): boolean {
  if (value.length === 0 || value.length > 2048 || UNSAFE_CHARACTERS.test(value)) return false
  return isHttpUrl(value) || isSitePath(value) || ANCHOR.test(value) || MAILTO.test(value) || TEL.test(value)
}

/** Where an image may come from: http(s) or a path on this site (uploads, template images). */
export function isSafeImageUrl(value: string): boolean {
  if (value.length === 0 || value.length > 2048 || UNSAFE_CHARACTERS.test(value)) return false
  return isHttpUrl(value) || isSitePath(value)
}

const LINK_MESSAGE = 'Use a web address (https://…), a page path (/about), an anchor (#contact), mailto: or tel:'

export const linkUrlSchema = z.string('Add a link').trim()
  .min(1, 'Add a link')
  .refine(isSafeLinkUrl, LINK_MESSAGE)

/** An optional link: empty means "no link". */
export const optionalLinkUrlSchema = z.string('Add a link').trim()
  .refine(value => value === '' || isSafeLinkUrl(value), LINK_MESSAGE)
  .default('')

export const imageUrlSchema = z.string('Choose an image').trim()
  .min(1, 'Choose an image')
  .refine(isSafeImageUrl, 'Use an uploaded image, a path on this site or an https:// address')

/** True for links that leave the site, so they can open with `rel="noopener"`. */
export function isExternalUrl(value: string): boolean {
  return /^https?:\/\//i.test(value)
}

/** A button needs both a label and a link, or neither: the missing one is reported. */
export function requireLinkPair(labelKey: string, hrefKey: string) {
  return (content: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const label = typeof content[labelKey] === 'string' ? (content[labelKey] as string).trim() : ''
    const href = typeof content[hrefKey] === 'string' ? (content[hrefKey] as string).trim() : ''
    if (label && !href) ctx.addIssue({ code: 'custom', path: [hrefKey], message: 'Add where the button leads' })
    if (href && !label) ctx.addIssue({ code: 'custom', path: [labelKey], message: 'Add the button text' })
  }
}
