import type { RenderableBlocks } from '@flectar/blocks'
import type { NavigationLink } from '@flectar/db'
import type { SiteFooterDetails } from '@flectar/sites'

/** The site around a page (name, header, footer, theme): what its branded 404 shows too. */
export interface SiteFrameData {
  project: { name: string, navigation: { header: NavigationLink[], footer: NavigationLink[] }, footer: SiteFooterDetails, branding: { logo?: { url: string, alt: string }, favicon?: { url: string }, socialImage?: { url: string, alt: string } }, defaultLocale: string, locales: string[] }
  themeCss: string
  themeMode: 'light' | 'dark'
  locale: string
}

/** What the renderer needs for one public page: loaded once per render, in-process (server/utils/site-page.ts). */
export interface SitePageData extends SiteFrameData {
  path: string
  title: string
  seo: { metaTitle?: string, metaDescription?: string, socialImage?: { url: string, alt: string }, canonical?: string, noindex?: boolean }
  /** Blocks as the renderer shows them (renderableBlocks' output): valid, sanitized, defaults filled. */
  blocks: RenderableBlocks['blocks']
  /** schema.org `LocalBusiness` (`localBusinessJsonLd`), for published pages of a site with the owner's details. */
  jsonLd?: Record<string, unknown>
  /** The Turnstile site key of a published page with a contact form, when the project has Turnstile on. */
  turnstileSiteKey?: string
}
