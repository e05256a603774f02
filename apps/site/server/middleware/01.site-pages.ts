import { findRedirect, localeFromPath } from '@flectar/sites'

// Pages of their own (the booking flow, previews); every other page path is a content page.
const APP_PAGES = /^\/(?:book|_preview)(?:\/|$)/
const NOT_PAGES = /^\/(?:api|_nuxt|_preview|templates|media|js|\.well-known|__nuxt_error)(?:\/|$)|^\/(?:sitemap\.xml|robots\.txt|favicon\.ico)$/

/**
 * Before a public page renders: answer from the per-instance cache (304 when the ETag
 * matches), else send visitors to the primary domain and apply the project's redirects.
 * A cached page was stored after those checks passed, and any change to domains or
 * redirects purges the project's pages, so a hit can be served without touching PostgreSQL.
 */
export default defineEventHandler(async (event) => {
  if ((event.method !== 'GET' && event.method !== 'HEAD') || NOT_PAGES.test(event.path)) return
  // Query strings (contact-form results) change the page: only plain URLs are cached; a manage
  // link's page is one per booking, so caching it would only fill the cache.
  const plain = !event.path.includes('?') && !event.path.startsWith('/book/manage/')
  const key = plain ? cacheKey(requestHost(event), event.path) : undefined
  const cached = key ? getCachedPage(key) : undefined
  if (cached) {
    setResponseHeaders(event, { 'etag': cached.etag, 'cache-control': 'public, max-age=0, must-revalidate', 'content-type': cached.contentType, 'x-cache': 'hit' })
    if (getRequestHeader(event, 'if-none-match') === cached.etag) {
      setResponseStatus(event, 304)
      return ''
    }
    return cached.body
  }

  const site = await resolveRequestSite(event)
  if (!site) return
  const url = getRequestURL(event, { xForwardedHost: useServerConfig().TRUST_PROXY })
  if (site.redirectToHost) return sendRedirect(event, `${url.protocol}//${site.redirectToHost}${url.pathname}${url.search}`, 301)
  if (site.comingSoon) return sendComingSoon(event, site, localeFromPath(site.project, url.pathname).locale)
  const redirect = await findRedirect(useDatabase().db, site.project.id, url.pathname)
  if (redirect) return sendRedirect(event, redirect.toPath, redirect.statusCode)

  if (key) event.context.siteCacheKey = key
  event.context.siteLocale = localeFromPath(site.project, url.pathname).locale
  // A content page (the catch-all page renders it): load it here, in this process, once; the
  // page reads it from the request (or the 404 to show) instead of fetching its own API.
  if (!APP_PAGES.test(url.pathname)) event.context.sitePage = await loadSitePage(site, url.pathname).catch((error: unknown) => ({ error }))
})
