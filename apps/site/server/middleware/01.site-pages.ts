import { findRedirect, localeFromPath } from '@flectar/sites'

const NOT_PAGES = /^\/(?:api|_nuxt|_preview|templates|\.well-known|__nuxt_error)(?:\/|$)|^\/(?:sitemap\.xml|robots\.txt|favicon\.ico)$/

/**
 * Before a public page renders: send visitors to the primary domain, apply the project's
 * redirects, and answer from the per-instance cache (304 when the ETag matches).
 */
export default defineEventHandler(async (event) => {
  if ((event.method !== 'GET' && event.method !== 'HEAD') || NOT_PAGES.test(event.path)) return
  const site = await resolveRequestSite(event)
  if (!site) return

  const url = getRequestURL(event, { xForwardedHost: useServerConfig().TRUST_PROXY })
  if (site.redirectToHost) return sendRedirect(event, `${url.protocol}//${site.redirectToHost}${url.pathname}${url.search}`, 301)

  const redirect = await findRedirect(useDatabase().db, site.project.id, url.pathname)
  if (redirect) return sendRedirect(event, redirect.toPath, redirect.statusCode)

  // Query strings (contact-form results) change the page: only plain URLs are cached.
  if (url.search) return
  event.context.siteCacheKey = cacheKey(requestHost(event), url.pathname)
  event.context.siteLocale = localeFromPath(site.project, url.pathname).locale
  const cached = getCachedPage(event.context.siteCacheKey)
  if (!cached) return
  setResponseHeaders(event, { 'etag': cached.etag, 'cache-control': 'public, max-age=0, must-revalidate', 'content-type': cached.contentType, 'x-cache': 'hit' })
  if (getRequestHeader(event, 'if-none-match') === cached.etag) {
    setResponseStatus(event, 304)
    return ''
  }
  return cached.html
})
