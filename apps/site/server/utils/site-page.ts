import { BOOKING_PAGE_PATH, renderableBlocks, withoutLinksTo } from '@flectar/blocks'
import { listBookableHours } from '@flectar/bookings'
import { AppError } from '@flectar/errors'
import type { PageContent } from '@flectar/db'
import { findPublishedPageOf, listPublishedPages, localBusinessJsonLd, localeFromPath, resolveSiteChrome, resolveTheme, themeCssFor, type SiteChromeOptions } from '@flectar/sites'
import type { SiteFrameData, SitePageData } from '#shared/types/site-page'

type Site = NonNullable<Awaited<ReturnType<typeof resolveRequestSite>>>

/**
 * The published page at `path` of `site`, ready to render, in one read. A 404 `page_not_found`
 * carries the project's name and its frame, for the site's own branded error page.
 */
export async function loadSitePage(site: Site, path: string): Promise<SitePageData> {
  const { project } = site
  const target = localeFromPath(project, path)
  const page = await findPublishedPageOf(useDatabase().db, project.id, target.locale, target.path)
  // The business as search engines read it, with the hours `/book` offers.
  const hours = project.modules.includes('bookings') ? await listBookableHours(useDatabase().db, project.id) : []
  const chrome = await chromeOptions(project, target.locale, hours)
  if (!page) throw new AppError('not_found', 'page_not_found', 'Page not found', { projectName: project.name, frame: siteFrameData(project, target.locale, chrome) })
  const data = sitePageData(project, { locale: target.locale, path: target.path, content: page.content }, chrome)
  // Cloudflare's script only on a page that has a form for it (the stored page drops when the setting changes).
  const turnstileSiteKey = data.blocks.some(block => block.type === 'contactForm') ? await turnstileSiteKeyOf(project.id) : undefined
  return { ...data, jsonLd: localBusinessJsonLd(project, hours), ...(turnstileSiteKey ? { turnstileSiteKey } : {}) }
}

/**
 * What the menus and buttons may link to in `locale` (its published pages, and /book once
 * something can be booked: bookings on, an active service with an active resource that has
 * hours), and the footer's hours.
 */
async function chromeOptions(project: Site['project'], locale: string, bookableHours: SiteChromeOptions['bookableHours']): Promise<SiteChromeOptions> {
  const published = await listPublishedPages(useDatabase().db, project.id)
  const servedPaths = new Set(published.filter(page => page.locale === locale).map(page => page.path))
  if (project.modules.includes('bookings') && (bookableHours?.length ?? 0) > 0) servedPaths.add(BOOKING_PAGE_PATH)
  return { servedPaths, bookableHours }
}

/**
 * A page's content (published or a draft) as the renderer shows it: one pass through
 * renderableBlocks (published content was validated when it was published; this pass fills
 * defaults, re-sanitizes content stored under an older schema and drops what cannot render).
 */
export function sitePageData(project: Site['project'], page: { locale: string, path: string, content: PageContent }, chrome?: SiteChromeOptions): SitePageData {
  const { blocks: all, unknown } = renderableBlocks(page.content.blocks)
  // "Book" buttons never lead to an empty booking page (a draft's preview, with no chrome, keeps them).
  const blocks = chrome?.servedPaths && !chrome.servedPaths.has(BOOKING_PAGE_PATH) ? withoutLinksTo(all, [BOOKING_PAGE_PATH]) : all
  if (unknown.length > 0) useLogger().warn('Skipped blocks of unknown type', { projectId: project.id, path: page.path, types: unknown.map(block => block.type) })
  return {
    ...siteFrameData(project, page.locale, chrome),
    path: page.path,
    title: page.content.title,
    seo: page.content.seo ?? {},
    blocks,
  }
}

/** The project's name, navigation, branding and theme, in `locale`. */
export function siteFrameData(project: Site['project'], locale: string, chrome?: SiteChromeOptions): SiteFrameData {
  const { navigation, footer } = resolveSiteChrome(project, locale, chrome)
  return {
    project: { name: project.name, navigation, footer, branding: project.branding, defaultLocale: project.defaultLocale, locales: [project.defaultLocale, ...project.extraLocales] },
    themeCss: themeCssFor(project.theme),
    themeMode: resolveTheme(project.theme).mode,
    locale,
  }
}
