import type { H3Event } from 'h3'
import type { NavigationLink } from '@flectar/db'
import { listPublishedPages, resolveSiteChrome, resolveTheme, themeCssFor, type Project, type SiteChrome } from '@flectar/sites'
import { html, raw, type Html } from './html'

export interface BookingPage {
  title: string
  body: Html
  embed: boolean
  /** Pages of one visitor or one booking: kept out of search engines. */
  noindex?: boolean
  /** The address holds a secret (a manage link): never sent on as a referrer. */
  noReferrer?: boolean
  status?: number
}

const navLink = (link: NavigationLink) => html`<a href="${link.href}">${link.label}</a>`

/** The site's header and footer, as `SiteFrame.vue` draws them, around the booking pages. */
function siteFrame(project: Project, navigation: SiteChrome['navigation'], body: Html): Html {
  const { header, footer } = navigation
  return html`<div class="fb-site">
<header class="fb-header"><a class="fb-brand" href="/">${project.branding.logo
  ? html`<img src="${project.branding.logo.url}" alt="${project.branding.logo.alt}" height="36">`
  : html`<span>${project.name}</span>`}</a>${header.length > 0 && html`
<nav aria-label="Main"><ul class="fb-nav">${header.map(link => html`<li>${navLink(link)}${!!link.children?.length && html`<ul class="fb-subnav">${link.children.map(child => html`<li>${navLink(child)}</li>`)}</ul>`}</li>`)}</ul></nav>`}</header>
<main>${body}</main>
<footer class="fb-footer">${footer.length > 0 && html`<nav aria-label="Footer">${footer.map(navLink)}</nav>`}<p>© ${new Date().getFullYear()} ${project.name}</p></footer>
</div>`
}

/**
 * A whole booking page: the site's theme (its CSS variables and fonts), the shared booking
 * stylesheet and the small enhancement script (both static, cached for a year under a hashed
 * name), inside the site's frame, or bare in a frame of another site (`embed`). Per visitor:
 * never cached, by the browser or by the site's page cache.
 */
export async function sendBookingPage(event: H3Event, project: Project, page: BookingPage): Promise<string> {
  // The menus link only to published pages, as on the content pages (and to the booking pages).
  const published = page.embed ? [] : await listPublishedPages(useDatabase().db, project.id)
  const servedPaths = new Set(['/book', ...published.filter(row => row.locale === project.defaultLocale).map(row => row.path)])
  const { navigation } = resolveSiteChrome(project, project.defaultLocale, { servedPaths })
  const { bookingAssets } = useRuntimeConfig()
  const theme = resolveTheme(project.theme)
  // The theme's CSS is generated from a validated theme; `<` never belongs in it.
  const themeCss = themeCssFor(project.theme).replaceAll('<', '')
  const analytics = project.modules.includes('analytics') && (page.status ?? 200) === 200
  setResponseStatus(event, page.status ?? 200)
  setResponseHeaders(event, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  return `<!DOCTYPE html>${html`<html lang="${project.defaultLocale}" data-theme-mode="${theme.mode}"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${project.name}</title>
${(page.noindex || page.embed) && raw('<meta name="robots" content="noindex, nofollow">')}${page.noReferrer && raw('<meta name="referrer" content="no-referrer">')}
${project.branding.favicon && html`<link rel="icon" href="${project.branding.favicon.url}">`}
<link rel="stylesheet" href="${bookingAssets.css}">
<style>${raw(themeCss)}</style>
<script src="${bookingAssets.js}" defer></script>${analytics && html`
<script src="/js/script.js" defer${project.analyticsCookieless && raw(' data-cookieless')}></script>`}
</head><body>${page.embed ? html`<div class="fb-site bk-embed" data-bk-embed><main>${page.body}</main></div>` : siteFrame(project, navigation, page.body)}</body></html>`}`
}
